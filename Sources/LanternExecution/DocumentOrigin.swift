/// How a request's document reached the server. A transport sets it; the engine hands it to the
/// application's admission check, which may run only trusted documents (a server that executes
/// nothing but the operations its own clients were built with cannot be sent an arbitrary one).
public enum DocumentOrigin: Sendable, Hashable {
    /// The request carried the document's text, which is not a trusted document.
    case text
    /// An automatic persisted query: named by its SHA-256, registered by a client earlier or
    /// with this request.
    case persisted
    /// A trusted document (registered by the operator, e.g. with `lantern trust`), named by its
    /// id or hash, or sent as its exact text.
    case trusted(id: String)
}
