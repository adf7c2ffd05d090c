import Testing
@testable import ReadinessCore
