import Foundation
import FuzzSupport
import ReadinessCore
import ReadinessInput

/// Any file `readiness import` takes (flat CSV, CSV template, .xlsx), checked against the shipped catalogue and registry.
Fuzzer.run { data in
    let options = LedgerCSV.Options(latest: Day(iso: "2026-12-31"))
    _ = try? LedgerFile.read(data, file: "fuzz", catalog: Shipped.catalog,
                             communes: Shipped.communes, options: options)
}
