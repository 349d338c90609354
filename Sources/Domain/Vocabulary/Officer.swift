/// A person named in a request (`requests.md` §1): name, designation, official e-mail,
/// mobile; a third-party officer also has an agency and a contract end date.
public struct Officer: Hashable, Sendable {
    /// The name as written, honorific kept (`Shri A. Kumar`); any script.
    public var name: String
    /// The designation (`Deputy Secretary`), or "" when not given.
    public var designation: String
    /// The official e-mail address.
    public var email: EmailAddress
    /// The mobile number as digits (a leading `+91` kept as `+91…`), or nil.
    public var mobile: String?
    /// The agency of a third-party officer (`individual` allowed), or nil.
    public var agency: String?
    /// The day the officer's contract ends, or nil.
    public var contractEnd: CalendarDay?

    /// Makes an officer.
    public init(name: String, designation: String, email: EmailAddress, mobile: String? = nil,
                agency: String? = nil, contractEnd: CalendarDay? = nil) {
        self.name = name
        self.designation = designation
        self.email = email
        self.mobile = mobile
        self.agency = agency
        self.contractEnd = contractEnd
    }
}
