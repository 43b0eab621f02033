/// A file sent with a GraphQL multipart request (`multipart/form-data`, the GraphQL multipart
/// request spec that Apollo's and urql's upload clients follow).
///
/// GraphQL sees the file as a variable whose value is the string `"lantern-upload:<part name>"`;
/// the file itself is in `RequestHead.uploads` under that same string, so a resolver given the
/// variable's value can look it up in whatever the application's context hook kept.
public struct UploadedFile: Sendable {
    /// The `filename` parameter of the part's `Content-Disposition`, or `""` when it has none.
    public let filename: String
    /// The part's `Content-Type`, or `application/octet-stream` when it has none.
    public let contentType: String
    /// The file's content, at most `GraphQLHTTPConfiguration.maxUploadFileBytes` bytes.
    public let bytes: [UInt8]

    public init(filename: String, contentType: String, bytes: [UInt8]) {
        self.filename = filename
        self.contentType = contentType
        self.bytes = bytes
    }
}
