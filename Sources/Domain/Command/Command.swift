/// What a request mail asks (`requests.md` §3), typed. A command has passed the grammar
/// (every field present and well-formed); the registry's rules come after.
public enum Command: Sendable, Equatable {
    /// §3.1: nominate the Nodal Officer and the Admin of an MDO.
    case nominate(Nomination)
    /// §3.2: create generic IDs.
    case createIDs(CreationRequest)
    /// §3.3: allocate generic IDs to officers (the rows that parsed).
    case allocate(Allocation)
    /// §3.4: hand over an ID to a successor.
    case handover(Handover)
    /// §3.5: an officer left an ID and nobody takes it over yet.
    case vacate(Vacancy)
    /// §3.6: ask for a roster or a request's state.
    case status(StatusQuery)

    /// The request's type.
    public var type: RequestType {
        switch self {
        case .nominate: return .nomination
        case .createIDs: return .createIDs
        case .allocate: return .allocation
        case .handover: return .handover
        case .vacate: return .vacancy
        case .status: return .status
        }
    }
}

/// The request types, named as `cli.md` names them.
public enum RequestType: String, Sendable, CaseIterable, Equatable {
    case nomination, createIDs, allocation, handover, vacancy, status
}

/// §3.1.
public struct Nomination: Sendable, Equatable {
    /// The MDO's code.
    public var mdo: MDOCode
    /// The MDO's name.
    public var name: String
    /// Its ministry, when given.
    public var ministry: String?
    /// The nominated Nodal Officer.
    public var nodal: Officer
    /// The nominated Admin.
    public var admin: Officer

    /// Makes a nomination.
    public init(mdo: MDOCode, name: String, ministry: String?, nodal: Officer, admin: Officer) {
        self.mdo = mdo; self.name = name; self.ministry = ministry; self.nodal = nodal; self.admin = admin
    }
}

/// How many more IDs of each role a creation request asks for (§3.2, "by count").
public struct RoleCounts: Sendable, Equatable {
    /// `Nodal: yes`.
    public var nodal: Bool
    /// `Admin: yes`.
    public var admin: Bool
    /// Content creators, reviewers, publishers.
    public var creators: Int, reviewers: Int, publishers: Int

    /// Makes counts.
    public init(nodal: Bool = false, admin: Bool = false, creators: Int = 0, reviewers: Int = 0, publishers: Int = 0) {
        self.nodal = nodal; self.admin = admin; self.creators = creators; self.reviewers = reviewers; self.publishers = publishers
    }

    /// The number of IDs asked for.
    public var total: Int { (nodal ? 1 : 0) + (admin ? 1 : 0) + creators + reviewers + publishers }
}

/// §3.2: either listed IDs or counts.
public struct CreationRequest: Sendable, Equatable {
    /// The MDO.
    public var mdo: MDOCode
    /// The IDs listed, in order (empty when asked by count).
    public var ids: [GenericID]
    /// The counts, when asked by count.
    public var counts: RoleCounts?

    /// Makes a request.
    public init(mdo: MDOCode, ids: [GenericID], counts: RoleCounts?) {
        self.mdo = mdo; self.ids = ids; self.counts = counts
    }
}

/// §3.3: the rows that parsed.
public struct Allocation: Sendable, Equatable {
    /// One row: an ID and its new holder.
    public struct Row: Sendable, Equatable {
        /// The generic ID.
        public var id: GenericID
        /// The officer it goes to.
        public var officer: Officer

        /// Makes a row.
        public init(id: GenericID, officer: Officer) { self.id = id; self.officer = officer }
    }

    /// The MDO.
    public var mdo: MDOCode
    /// The rows, in order.
    public var rows: [Row]

    /// Makes an allocation.
    public init(mdo: MDOCode, rows: [Row]) { self.mdo = mdo; self.rows = rows }
}

/// Who leaves an ID, as the mail names them (§3.4): by address, by name, or — when the holder
/// writes — left out, meaning the sender.
public enum OfficerReference: Sendable, Equatable, CustomStringConvertible {
    /// Not given: the sender.
    case sender
    /// An address.
    case address(EmailAddress)
    /// A name, matched against the holder's.
    case name(String)

    /// The address or the name; "" for the sender.
    public var description: String {
        switch self {
        case .sender: return ""
        case .address(let a): return a.description
        case .name(let n): return n
        }
    }
}

/// §3.4.
public struct Handover: Sendable, Equatable {
    /// The ID handed over.
    public var id: GenericID
    /// The outgoing officer.
    public var outgoing: OfficerReference
    /// Why.
    public var reason: Reason
    /// From when.
    public var effective: CalendarDay
    /// The successor.
    public var successor: Officer

    /// Makes a handover.
    public init(id: GenericID, outgoing: OfficerReference, reason: Reason, effective: CalendarDay, successor: Officer) {
        self.id = id; self.outgoing = outgoing; self.reason = reason; self.effective = effective; self.successor = successor
    }
}

/// §3.5.
public struct Vacancy: Sendable, Equatable {
    /// The ID left vacant.
    public var id: GenericID
    /// The officer who left.
    public var officer: OfficerReference
    /// Why.
    public var reason: Reason
    /// From when.
    public var effective: CalendarDay

    /// Makes a vacancy.
    public init(id: GenericID, officer: OfficerReference, reason: Reason, effective: CalendarDay) {
        self.id = id; self.officer = officer; self.reason = reason; self.effective = effective
    }
}

/// §3.6: what a status mail asks about.
public enum StatusQuery: Sendable, Equatable {
    /// One MDO's roster.
    case mdo(MDOCode)
    /// Every MDO (DoPT/SPV).
    case all
    /// One request's state.
    case request(RequestNumber)
    /// No code: the MDOs in which the sender holds a role.
    case own
}

/// A control word of DoPT/SPV or NIC (§4).
public enum ControlWord: String, Sendable, CaseIterable, Equatable {
    case approve = "APPROVE"
    case reject = "REJECT"
    case created = "CREATED"
    case refused = "REFUSED"
    case resetDone = "RESET DONE"
}

/// One control line (§4), as read: the word, the request and code (from the line or the
/// Subject tag), a reason, and the IDs it is limited to.
public struct ControlLine: Sendable, Equatable {
    /// The word.
    public var word: ControlWord
    /// The request it acts on, or nil when none could be read (then `problems` says so).
    public var request: RequestNumber?
    /// The action code, or nil when none could be read.
    public var code: ActionCode?
    /// The reason (REJECT, REFUSED), or nil.
    public var reason: String?
    /// The IDs listed (CREATED, REFUSED, RESET DONE); empty means all of the request's.
    public var ids: [GenericID]
    /// What is wrong with the line itself (a missing number or code).
    public var problems: [Problem]

    /// Makes a line.
    public init(word: ControlWord, request: RequestNumber?, code: ActionCode?, reason: String?,
                ids: [GenericID], problems: [Problem] = []) {
        self.word = word; self.request = request; self.code = code; self.reason = reason; self.ids = ids; self.problems = problems
    }
}
