import Foundation
import ReadinessCore
import ReadinessInput

/// The repository's shipped files, read once: what the readers check a fuzzed input against.
public enum Shipped {
    /// The repository root: $READINESS_DATA, else two folders up from this package.
    public static let root: URL = {
        if let data = ProcessInfo.processInfo.environment["READINESS_DATA"], !data.isEmpty { return URL(fileURLWithPath: data) }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }()

    static func text(_ path: String) -> String {
        guard let data = FileManager.default.contents(atPath: root.appendingPathComponent(path).path),
              let text = String(data: data, encoding: .utf8) else { fatalError("cannot read \(path) under \(root.path)") }
        return text
    }

    public static let catalog: Catalog = {
        do { return try CatalogFile.parse(text("Checklists/catalog.yaml"), file: "catalog.yaml") } catch { fatalError("\(error)") }
    }()

    public static let communes: CommuneDirectory = {
        do {
            guard case .communes(let list) = try CommuneListFile.parse(text("Inventory/communes/quang-ngai-2025.csv"),
                                                                       file: "quang-ngai-2025.csv", province: "51",
                                                                       provinceNames: [:]) else { fatalError("not a commune list") }
            return CommuneDirectory(list)
        } catch { fatalError("\(error)") }
    }()
}
