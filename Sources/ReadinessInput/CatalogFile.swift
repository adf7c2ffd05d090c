import ReadinessCore

/// Reads the item catalogue (`Checklists/catalog.yaml`).
public enum CatalogFile {
    public static func parse(_ text: String, file: String) throws(InputProblems) -> Catalog {
        let r = YAMLReader(file: file)
        var domains: [Domain] = [], items: [ItemKind] = []
        if let root = r.root(of: text),
           let top = r.mapping(root, "the catalogue", allowed: ["version", "domains", "items"], required: ["domains", "items"]) {
            var domainLines: [String: Int] = [:]
            for node in r.sequence(top["domains"], "domains") ?? [] {
                guard let m = r.mapping(node, "a domain", allowed: ["id", "name"], required: ["id", "name"]),
                      let id = r.identifier(m["id"], "domain id"), let name = r.localized(m["name"], "domain \(id): name") else { continue }
                if let first = domainLines[id] { r.issue(m["id"], "domain id \"\(id)\" is used twice (first on line \(first))"); continue }
                domainLines[id] = m["id"]?.mark?.line ?? 0
                domains.append(Domain(id: id, name: name))
            }
            var itemLines: [String: Int] = [:]
            for node in r.sequence(top["items"], "items") ?? [] {
                guard let m = r.mapping(node, "an item", allowed: ["id", "name", "unit", "domain", "attributes"],
                                        required: ["id", "name", "unit", "domain"]),
                      let id = r.identifier(m["id"], "item id") else { continue }
                let name = r.localized(m["name"], "item \(id): name")
                let unit = r.localized(m["unit"], "item \(id): unit")
                let domain = r.identifier(m["domain"], "item \(id): domain")
                if let domain, domainLines[domain] == nil {
                    r.issue(m["domain"], "item \(id): unknown domain \"\(domain)\"" + suggestion(for: domain, among: domains.map(\.id)))
                }
                var attributes: [AttributeSpec] = []
                if let attrNode = m["attributes"] {
                    if case .sequence(let s) = attrNode, s.isEmpty {
                        // `attributes: []`
                    } else if case .mapping(let am) = attrNode {
                        for (k, v) in am {
                            guard let attr = r.identifier(k, "item \(id): attribute name") else { continue }
                            // `name: type`, or `name: {type, label: {vi, en}, unit: {vi, en}}`.
                            var typeNode = v
                            var label: Localized?, unit: Localized?
                            if case .mapping = v {
                                guard let spec = r.mapping(v, "item \(id): attribute \(attr)", allowed: ["type", "label", "unit"],
                                                           required: ["type"]), let t = spec["type"] else { continue }
                                typeNode = t
                                label = spec["label"].flatMap { r.localized($0, "item \(id): attribute \(attr): label") }
                                unit = spec["unit"].flatMap { r.localized($0, "item \(id): attribute \(attr): unit") }
                            }
                            guard let typeName = r.string(typeNode, "item \(id): attribute \(attr)") else { continue }
                            guard let type = AttributeType(rawValue: typeName) else {
                                r.issue(typeNode, "item \(id): attribute \(attr) has unknown type \"\(typeName)\" (use bool, int, date or text)")
                                continue
                            }
                            attributes.append(AttributeSpec(name: attr, type: type, label: label, unit: unit))
                        }
                    } else {
                        r.issue(attrNode, "item \(id): attributes must be a mapping of name: type")
                    }
                }
                if let first = itemLines[id] { r.issue(m["id"], "item id \"\(id)\" is used twice (first on line \(first))"); continue }
                itemLines[id] = m["id"]?.mark?.line ?? 0
                if let name, let unit, let domain {
                    items.append(ItemKind(id: id, name: name, unit: unit, domain: domain, attributes: attributes))
                }
            }
        }
        if !r.issues.isEmpty { throw InputProblems(r.issues) }
        return Catalog(domains: domains, items: items)
    }
}
