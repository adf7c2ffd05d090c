import Foundation
import FuzzSupport
import ReadinessInput

/// Checklist YAML, checked against the shipped catalogue.
Fuzzer.run { data in
    _ = try? ChecklistFile.parse(String(decoding: data, as: UTF8.self), file: "fuzz.yaml",
                                 catalog: Shipped.catalog)
}
