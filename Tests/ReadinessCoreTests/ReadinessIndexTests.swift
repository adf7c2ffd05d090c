import Testing
import ReadinessCore
