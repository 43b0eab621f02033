import Foundation
import GraphQL

/// GraphQLSwift 4.3.0 over the same objects: a programmatic schema whose fields read stored
/// properties in explicit closures (its idiomatic "property read"), executed with `graphql()`
/// and encoded with `GraphQLJSONEncoder`.
public struct GraphQLSwiftWorkload: @unchecked Sendable {
    public let schema: GraphQLSchema
    public let documentC: GraphQL.Document
    public let variablesB: [String: Map]
    let encoder = GraphQLJSONEncoder()

    public init(files: WorkloadFiles, data: WorkloadData) {
        func string(_ read: @escaping @Sendable (Any) -> String) -> GraphQLField {
            GraphQLField(type: GraphQLNonNull(GraphQLString)) { source, _, _, _ in read(source) }
        }
        let severity = try! GraphQLEnumType(name: "Severity", values: [
            "LOW": GraphQLEnumValue(value: "LOW"), "MEDIUM": GraphQLEnumValue(value: "MEDIUM"),
            "HIGH": GraphQLEnumValue(value: "HIGH"), "CRITICAL": GraphQLEnumValue(value: "CRITICAL"),
        ])
        let status = try! GraphQLEnumType(name: "Status", values: [
            "OPEN": GraphQLEnumValue(value: "OPEN"), "ACKNOWLEDGED": GraphQLEnumValue(value: "ACKNOWLEDGED"),
            "RESOLVED": GraphQLEnumValue(value: "RESOLVED"),
        ])
        let user = try! GraphQLObjectType(name: "User", fields: [
            "id": GraphQLField(type: GraphQLNonNull(GraphQLID)) { source, _, _, _ in (source as! User).id },
            "name": string { ($0 as! User).name },
            "email": string { ($0 as! User).email },
        ])
        let event = try! GraphQLObjectType(name: "Event", fields: [
            "at": string { ($0 as! Event).at },
            "kind": string { ($0 as! Event).kind },
            "message": string { ($0 as! Event).message },
        ])
        let incident = try! GraphQLObjectType(name: "Incident", fields: [
            "id": GraphQLField(type: GraphQLNonNull(GraphQLID)) { source, _, _, _ in (source as! Incident).id },
            "title": string { ($0 as! Incident).title },
            "severity": GraphQLField(type: GraphQLNonNull(severity)) { source, _, _, _ in (source as! Incident).severity },
            "status": GraphQLField(type: GraphQLNonNull(status)) { source, _, _, _ in (source as! Incident).status },
            "createdAt": string { ($0 as! Incident).createdAt },
            "assignee": GraphQLField(type: user) { source, _, _, _ in (source as! Incident).assignee },
            "tags": GraphQLField(type: GraphQLNonNull(GraphQLList(GraphQLNonNull(GraphQLString)))) { source, _, _, _ in
                (source as! Incident).tags
            },
            "timeline": GraphQLField(type: GraphQLNonNull(GraphQLList(GraphQLNonNull(event)))) { source, _, _, _ in
                (source as! Incident).timeline
            },
        ])
        let query = try! GraphQLObjectType(name: "Query", fields: [
            "incidents": GraphQLField(type: GraphQLNonNull(GraphQLList(GraphQLNonNull(incident))),
                                      args: ["first": GraphQLArgument(type: GraphQLInt, defaultValue: .number(100))]) { _, args, _, _ in
                Array(data.incidents.prefix(args["first"].int ?? 100))
            },
            "incident": GraphQLField(type: incident, args: ["id": GraphQLArgument(type: GraphQLNonNull(GraphQLID))]) { _, args, _, _ in
                data.byID[args["id"].string ?? ""]
            },
        ])
        schema = try! GraphQLSchema(query: query)
        documentC = try! GraphQL.parse(source: files.docC)
        variablesB = ["id": .string("42")]
    }

    public func parse(_ text: String) -> GraphQL.Document { try! GraphQL.parse(source: text) }

    public func validate(_ document: GraphQL.Document) -> Int {
        GraphQL.validate(schema: schema, ast: document).count
    }

    public func execute(_ query: String, variables: [String: Map]) async -> [UInt8] {
        let result = try! await graphql(schema: schema, request: query, variableValues: variables)
        return [UInt8](try! encoder.encode(result))
    }
}
