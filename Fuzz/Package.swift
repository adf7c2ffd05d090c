// swift-tools-version: 6.2
// Coverage-guided fuzzers (libFuzzer) for the readers of what people hand in: one executable per reader.
// Built with `-sanitize=fuzzer,address` into .build-fuzz by scripts/fuzz.sh (`make fuzz`); never part
// of the main build.
import PackageDescription

let reader: [Target.Dependency] = ["FuzzSupport", .product(name: "ReadinessInput", package: "readiness"),
                                   .product(name: "ReadinessCore", package: "readiness")]
let package = Package(
    name: "readiness-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "readiness", path: "..")],
    targets: [
        // The shipped catalogue and the Quảng Ngãi registry, which the ledger and checklist readers check against.
        .target(name: "CFuzzDriver"),
        .target(name: "FuzzSupport", dependencies: ["CFuzzDriver", .product(name: "ReadinessInput", package: "readiness"),
                                                    .product(name: "ReadinessCore", package: "readiness")]),
        .executableTarget(name: "FuzzCSV", dependencies: reader),
        .executableTarget(name: "FuzzLedgerFile", dependencies: reader),
        .executableTarget(name: "FuzzXlsx", dependencies: reader),
        .executableTarget(name: "FuzzChecklist", dependencies: reader),
    ],
    swiftLanguageModes: [.v6]
)
