import Foundation
import FuzzSupport
import ReadinessCore
import ReadinessInput

/// CSV text (UTF-8 or UTF-16 as a file holds it), through the record reader and the scanner's fast path.
Fuzzer.run { data in
    guard let text = CSV.text(data) else { return }
    _ = try? CSV.parse(text)
    var copy = text
    copy.withUTF8 { bytes in
        guard var scanner = try? CSVScanner(bytes) else { return }
        var fields: [Range<Int>] = []
        while let (_, quoted) = scanner.nextFields(&fields) {
            if quoted { guard (try? scanner.next()) != nil else { break } }
        }
    }
}
