// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "readiness",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "readiness", targets: ["readiness"]),
        .library(name: "ReadinessCore", targets: ["ReadinessCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", exact: "2.0.1"),
        // Reading returned .xlsx templates: the zip layer (the XML layer is Foundation's XMLParser).
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
        // SHA-256 of imported files, so that importing the same file twice adds nothing.
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
    ],
    targets: [
        // Pure domain, and the pure pieces reading and rendering share (CSV rows, amounts of VND, the
        // template's layout, the ledger's key order): no storage, files or network.
        .target(name: "ReadinessCore"),
        // Debian's libxlsxwriter-dev, for writing .xlsx (scripts/ensure-deps.sh installs it).
        .systemLibrary(name: "CXlsxWriter", pkgConfig: "xlsxwriter", providers: [.apt(["libxlsxwriter-dev"])]),
        .target(
            name: "ReadinessStore",
            dependencies: [
                "ReadinessCore", .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API, to bind a bulk import's rows straight into one prepared statement.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        // Reading what people hand in: checklists, catalogue, registries, ledger files (.xlsx and CSV), prices, policies.
        .target(
            name: "ReadinessInput",
            dependencies: [
                "ReadinessCore", .product(name: "Yams", package: "Yams"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Rendering: every report and plan in every format as bytes with a media type, and the equipment
        // template (.xlsx through libxlsxwriter).
        .target(name: "ReadinessReports", dependencies: ["ReadinessCore", "CXlsxWriter"]),
        .target(
            name: "ReadinessCLI",
            dependencies: [
                "ReadinessCore", "ReadinessStore", "ReadinessInput", "ReadinessReports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "readiness", dependencies: ["ReadinessCLI"]),
        // Shared by the test targets: shipped files, temporary databases, running the binary.
        .target(name: "TestSupport", dependencies: ["ReadinessCLI", "ReadinessStore", "ReadinessCore"]),
        .testTarget(
            name: "ReadinessCoreTests",
            dependencies: ["ReadinessCore", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(
            name: "ReadinessInputTests",
            dependencies: [
                // (ReadinessReports writes the templates and workbooks that are read back.)
                "ReadinessInput", "ReadinessReports", "ReadinessCore", "TestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "ReadinessReportsTests",
            dependencies: ["ReadinessReports", "ReadinessStore", "ReadinessCore", "TestSupport"],
            exclude: ["Golden"]  // expected outputs, read by path (UPDATE_GOLDEN=1 rewrites them)
        ),
        .testTarget(
            name: "ReadinessStoreTests",
            dependencies: [
                "ReadinessStore", "ReadinessCore", "TestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(name: "ReadinessCLITests", dependencies: ["readiness", "ReadinessCLI", "TestSupport"],
                    exclude: ["Golden"]),
    ],
    swiftLanguageModes: [.v6]
)
