// swift-tools-version: 6.2
// (6.2: hummingbird and hummingbird-auth declare it.)
import PackageDescription

let package = Package(
    name: "readiness",
    platforms: [.macOS(.v14)],  // 14: what hummingbird-auth supports
    products: [
        .executable(name: "readiness", targets: ["readiness"]),
        .library(name: "ReadinessCore", targets: ["ReadinessCore"]),
        // (For the fuzzers in Fuzz/, which depend on this package by path.)
        .library(name: "ReadinessInput", targets: ["ReadinessInput"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", exact: "2.0.1"),
        // Zip files: a province's templates in one download, and in the tests workbooks whose headers lie (the
        // readers unpack with zlib themselves).
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
        // SHA-256 of imported files, so that importing the same file twice adds nothing.
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
        // The web app's HTTP server, router, cookies, static files and test client.
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        // Sessions (SessionMiddleware over our own PersistDriver) and bcrypt password hashes.
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", exact: "2.5.0"),
        // NIOThreadPool (NIOPosix), so bcrypt runs off the event loops; the version hummingbird resolves.
        .package(url: "https://github.com/apple/swift-nio", exact: "2.101.3"),
        // HTTPField.Name for the security headers (hummingbird re-exports only HTTPFields); the version hummingbird resolves.
        .package(url: "https://github.com/apple/swift-http-types", exact: "1.8.0"),
        // The web pages' templates (logic-less, HTML-escaped by default).
        .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
        // Uploads (multipart/form-data): its parser reads the parts of the forms' bodies, as hummingbird-examples' multipart-form does.
        .package(url: "https://github.com/vapor/multipart-kit", exact: "4.7.1"),
        // The server's request log (text or JSON lines on standard error, for journald); the version hummingbird resolves.
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        // Counters and timers of the server (hummingbird's MetricsMiddleware reports through it); the version hummingbird resolves.
        .package(url: "https://github.com/apple/swift-metrics", exact: "2.13.0"),
        // Those metrics as Prometheus text at /metrics.
        .package(url: "https://github.com/swift-server/swift-prometheus", exact: "2.4.1"),
        // Stopping on SIGTERM: requests in flight finish within a stated time (the version hummingbird resolves).
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", exact: "2.13.0"),
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
                // The duration of the server's database writes, for /metrics (a no-op unless `serve` set metrics up).
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ]
        ),
        // zlib (zlib1g-dev), to unpack the parts of returned .xlsx workbooks within the readers' limits.
        .systemLibrary(name: "CInflate", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // Reading what people hand in: checklists, catalogue, registries, ledger files (.xlsx and CSV), prices, policies.
        .target(
            name: "ReadinessInput",
            dependencies: [
                "ReadinessCore", "CInflate", .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Rendering: every report and plan in every format as bytes with a media type, and the equipment
        // template (.xlsx through libxlsxwriter).
        .target(name: "ReadinessReports", dependencies: ["ReadinessCore", "CXlsxWriter"]),
        // The use cases, shared by the command and the web app: typed inputs, results and errors.
        .target(
            name: "ReadinessApp",
            dependencies: [
                "ReadinessCore", "ReadinessStore", "ReadinessInput", "ReadinessReports",
                // The zip of a province's templates for the web's import page.
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                // Rows imported, for /metrics (a no-op unless `serve` set metrics up).
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ]
        ),
        // The commands: parse the arguments, call one use case, render.
        .target(
            name: "ReadinessCLI",
            dependencies: [
                "ReadinessApp", "ReadinessCore", "ReadinessStore", "ReadinessInput", "ReadinessReports", "ReadinessWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The web app: pages, sessions, CSRF, accounts (buildApplication is shared by `serve` and the tests).
        .target(
            name: "ReadinessWeb",
            dependencies: [
                "ReadinessApp", "ReadinessCore", "ReadinessStore", "ReadinessReports", "ReadinessInput",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"), .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // A release build links the Swift runtime and Foundation into the binary (the static libraries
        // the toolchain ships; Foundation's XML and ICU parts and libxml2 as one group, which the linker
        // resolves in any order), with the toolchain's lld packing its relative relocations (DT_RELR,
        // glibc 2.36): a command then starts without the dynamic linker binding their symbols or reading
        // 130,000 relocation entries, 11 ms for `readiness --help` instead of 25. Debug builds and tests
        // link them dynamically.
        .executableTarget(name: "readiness", dependencies: ["ReadinessCLI"],
                          linkerSettings: [.unsafeFlags(["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
                                                         "-static-stdlib",
                                                         "-Xlinker", "--start-group",
                                                         "-Xlinker", "-l_CFXMLInterface", "-Xlinker", "-lCoreFoundation",
                                                         "-Xlinker", "-l_FoundationICU", "-Xlinker", "-l_FoundationCShims",
                                                         "-Xlinker", "-l_FoundationCollections", "-Xlinker", "-lxml2",
                                                         "-Xlinker", "-lstdc++",
                                                         "-Xlinker", "--end-group"], .when(configuration: .release))]),
        // Shared by the test targets: shipped files, temporary databases, running the binary.
        // (ZIPFoundation: to make workbooks whose zip headers lie, for the readers' limits.)
        .target(name: "TestSupport", dependencies: ["ReadinessApp", "ReadinessStore", "ReadinessCore",
                                                    .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
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
            ],
            exclude: ["Fuzz"]  // inputs the fuzzers found, read by path
        ),
        .testTarget(
            name: "ReadinessReportsTests",
            dependencies: ["ReadinessReports", "ReadinessStore", "ReadinessCore", "TestSupport"],
            exclude: ["Golden"]  // expected outputs, read by path (UPDATE_GOLDEN=1 rewrites them)
        ),
        .testTarget(
            name: "ReadinessStoreTests",
            dependencies: [
                "ReadinessStore", "ReadinessCore", "TestSupport", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            exclude: ["Fixtures"]  // databases of earlier schemas, read by path (scripts/make_migration_fixtures.sh writes them)
        ),
        .testTarget(name: "ReadinessAppTests", dependencies: ["ReadinessApp", "ReadinessCore", "ReadinessStore", "ReadinessInput", "ReadinessReports",
                                                             "TestSupport", .product(name: "GRDB", package: "GRDB.swift"),
                                                             .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(
            name: "ReadinessWebTests",
            dependencies: [
                "ReadinessWeb", "ReadinessApp", "ReadinessStore", "ReadinessCore", "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"), .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        .testTarget(name: "ReadinessCLITests", dependencies: ["readiness", "ReadinessCLI", "ReadinessInput", "ReadinessStore", "ReadinessCore",
                                                             "ReadinessReports", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")],
                    exclude: ["Golden"]),
    ],
    swiftLanguageModes: [.v6]
)
