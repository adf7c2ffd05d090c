import Foundation
import Logging
import Metrics
import Prometheus
import ReadinessApp

/// The server's log on standard error (journald's, under systemd), as `--log-format` chooses: swift-log's own
/// text lines, or one JSON object per line.
public enum LogOutput {
    /// The handler of a logger with `label`, writing in `format` to standard error.
    public static func handler(label: String, format: ServerSettings.LogFormat) -> any LogHandler {
        switch format {
        case .text: StreamLogHandler.standardError(label: label)
        case .json: JSONLogHandler(label: label, write: { line in FileHandle.standardError.write(line) })
        }
    }
}

/// One JSON object per entry and line: `time` (ISO 8601, UTC, milliseconds), `level`, `label`, `message`, then
/// each metadata key as a string field (a key named like one of those first four is prefixed with `meta_`).
/// Every string is escaped as JSON requires, so no entry can break a line or forge another.
public struct JSONLogHandler: LogHandler {
    public let label: String
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    let write: @Sendable (Data) -> Void

    public init(label: String, write: @escaping @Sendable (Data) -> Void) {
        self.label = label
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields = metadata
        if let provided = metadataProvider?.get() { fields.merge(provided) { _, new in new } }
        if let more = event.metadata { fields.merge(more) { _, new in new } }
        var line = "{\"time\":\(Self.quoted(Self.timestamp(Date()))),\"level\":\(Self.quoted(event.level.rawValue))"
        line += ",\"label\":\(Self.quoted(label)),\"message\":\(Self.quoted(event.message.description))"
        for key in fields.keys.sorted() {
            let name = ["time", "level", "label", "message"].contains(key) ? "meta_" + key : key
            line += ",\(Self.quoted(name)):\(Self.quoted(fields[key].map { "\($0)" } ?? ""))"
        }
        line += "}\n"
        write(Data(line.utf8))
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// `text` as a JSON string: quotes, backslashes and every control character escaped.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x2028 || scalar.value == 0x2029:
                out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// The process-wide log and metrics of `readiness serve`, set up once, before the server is built: every
/// logger writes in `format` to standard error from `level` up, and swift-metrics reports into the returned
/// registry, which `/metrics` shows.
public func bootstrapServerObservability(logFormat: ServerSettings.LogFormat, level: Logger.Level)
    -> (requestLogger: Logger, metrics: PrometheusCollectorRegistry) {
    LoggingSystem.bootstrap { label in
        var handler = LogOutput.handler(label: label, format: logFormat)
        handler.logLevel = level
        return handler
    }
    let registry = PrometheusCollectorRegistry()
    MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
    return (Logger(label: "readiness.requests"), registry)
}
