import LanternExecution
/// A nullable input field whose absence means something different from an explicit null: in a
/// partial update, absent leaves the stored value alone while null clears it.
public enum Omittable<Wrapped: Sendable>: Sendable {
    case absent
    case null
    case value(Wrapped)

    /// The value, treating absent and null alike.
    public var value: Wrapped? {
        if case .value(let wrapped) = self { return wrapped }
        return nil
    }

    public var isAbsent: Bool {
        if case .absent = self { return true }
        return false
    }
}

extension Omittable: Equatable where Wrapped: Equatable {}
extension Omittable: Hashable where Wrapped: Hashable {}
