/// A page of a Relay connection (`…Connection` in the schema), generic over its node type so a
/// schema with many connections shares one implementation. The generator binds every type listed
/// under `connections` in its config to this; cursors are the application's to encode.
public struct Connection<Node: Sendable>: Sendable {
    public var edges: [Edge<Node>]
    public var pageInfo: PageInfo
    /// How many nodes match, over every page.
    public var totalCount: Int

    public init(edges: [Edge<Node>], pageInfo: PageInfo, totalCount: Int) {
        self.edges = edges
        self.pageInfo = pageInfo
        self.totalCount = totalCount
    }

    /// A page from nodes and their cursors, in order; the page info's start and end cursors are
    /// the first and last of `cursors`.
    public init(nodes: [Node], cursors: [String], hasNextPage: Bool, hasPreviousPage: Bool, totalCount: Int) {
        precondition(nodes.count == cursors.count, "one cursor per node")
        edges = zip(cursors, nodes).map { Edge(cursor: $0, node: $1) }
        pageInfo = PageInfo(hasNextPage: hasNextPage, hasPreviousPage: hasPreviousPage,
                            startCursor: cursors.first, endCursor: cursors.last)
        self.totalCount = totalCount
    }

    /// The same page with every node converted (for example from a stored record to the type
    /// the schema binds).
    public func map<Other: Sendable>(_ transform: (Node) throws -> Other) rethrows -> Connection<Other> {
        Connection<Other>(edges: try edges.map { Edge(cursor: $0.cursor, node: try transform($0.node)) },
                          pageInfo: pageInfo, totalCount: totalCount)
    }
}

/// One node of a connection with the cursor that pages after it (`…Edge`).
public struct Edge<Node: Sendable>: Sendable {
    public var cursor: String
    public var node: Node

    public init(cursor: String, node: Node) {
        self.cursor = cursor
        self.node = node
    }
}

/// What a connection page knows of its neighbours (Relay's `PageInfo`).
public struct PageInfo: Sendable, Hashable {
    public var hasNextPage: Bool
    public var hasPreviousPage: Bool
    public var startCursor: String?
    public var endCursor: String?

    public init(hasNextPage: Bool, hasPreviousPage: Bool, startCursor: String?, endCursor: String?) {
        self.hasNextPage = hasNextPage
        self.hasPreviousPage = hasPreviousPage
        self.startCursor = startCursor
        self.endCursor = endCursor
    }
}
