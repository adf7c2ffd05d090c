import Foundation
import ReadinessCore
import ReadinessInput

/// The administrative form the province's documents are printed in: the file asked for, else the
/// workspace's Inventory/official-form.yaml (the shipped one is Quảng Ngãi's sample, for the province to edit).
public struct LoadOfficialForm: Sendable {
    public let workspace: Workspace
    public init(workspace: Workspace) { self.workspace = workspace }

    public func run(path: String?) throws(AppError) -> OfficialForm {
        let url = path.map { URL(fileURLWithPath: $0) } ?? workspace.inventoryDirectory.appendingPathComponent("official-form.yaml")
        let text = try Workspace.read(url)
        return try AppError.wrap { try OfficialFormFile.parse(text, file: Workspace.display(url)) }
    }
}
