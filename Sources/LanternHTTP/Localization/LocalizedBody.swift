import LanternExecution

extension MessageCatalog {
    /// A JSON response body (`{"data": …, "errors": [...]}`) with each error's `message` in
    /// `language`; everything else, `extensions.code` included, is kept as it was. English, a
    /// body that is not a JSON object, or one without errors is returned untouched, so English
    /// requests pay nothing.
    static func localizeBody(_ body: [UInt8], to language: MessageLanguage) -> [UInt8] {
        guard language != .english, let value = try? JSONParser.parse(body), case .object(var object) = value,
              case .array(let errors)? = object["errors"] else { return body }
        object["errors"] = .array(errors.map { error in
            guard case .object(var fields) = error, case .string(let message)? = fields["message"] else { return error }
            fields["message"] = .string(localize(message, to: language))
            return .object(fields)
        })
        var writer = JSONWriter(capacity: body.count + 256)
        writer.value(.object(object))
        return writer.bytes
    }

    /// The language of a WebSocket session: `connection_init`'s `payload.locale` (graphql-ws
    /// has no header of its own for it), else the upgrade request's Accept-Language.
    static func language(initPayload: JSONObject?, acceptLanguage: String?) -> MessageLanguage {
        if case .string(let locale)? = initPayload?["locale"], let language = MessageLanguage(locale: locale) { return language }
        return MessageLanguage.negotiate(acceptLanguage: acceptLanguage)
    }
}
