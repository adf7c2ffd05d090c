import Foundation
import FuzzSupport
import ReadinessInput

/// The bytes of a workbook, through the zip and XML layers.
Fuzzer.run { data in
    if let sheets = try? XlsxReader.read(data) { for sheet in sheets { _ = sheet.records } }
}
