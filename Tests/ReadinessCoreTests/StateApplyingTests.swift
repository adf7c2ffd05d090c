import Testing
@testable import ReadinessCore

@Test func placeholder() { #expect(Bool(true)) }
