import CFuzzDriver
import Foundation

/// Runs libFuzzer with `body` as the test of one input, with the process's arguments (corpus folders,
/// -max_total_time=…), and exits with its status. A crash or sanitizer report is a finding.
public enum Fuzzer {
    nonisolated(unsafe) static var body: ((Data) -> Void)?

    public static func run(_ test: @escaping (Data) -> Void) -> Never {
        body = test
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        let status = LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            Fuzzer.body?(size == 0 ? Data() : Data(bytes: data!, count: size))
            return 0
        }
        exit(status)
    }
}

/// The test function libFuzzer's own main (FuzzerMain.o, which -sanitize=fuzzer links in) refers to; the
/// executable's main is SwiftPM's, which calls `Fuzzer.run`, so this runs the same test.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    Fuzzer.body?(size == 0 ? Data() : Data(bytes: data!, count: size))
    return 0
}
