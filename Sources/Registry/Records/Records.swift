import Domain

/// An MDO as the registry holds it (`workflow.md` §1).
public struct MDORecord: Sendable, Equatable {
    /// The MDO's states.
    public enum State: String, Sendable { case nominated, active, rejected }
    /// Its code.
    public var code: MDOCode
    /// Its name.
    public var name: String
    /// Its ministry, when known.
    public var ministry: String?
    /// Its state.
    public var state: State

    /// Makes a record.
    public init(code: MDOCode, name: String, ministry: String?, state: State) {
        self.code = code; self.name = name; self.ministry = ministry; self.state = state
    }
}

/// A request as the registry holds it (`workflow.md` §1).
public struct RequestRecord: Sendable, Equatable {
    /// The request's states.
    public enum State: String, Sendable { case pending, completed, rejected }
    /// Its number.
    public var number: RequestNumber
    /// Its type (`nomination`, `createIDs`, …, `reset` for a ticket of its own), or nil for mail not understood.
    public var type: String?
    /// Its state.
    public var state: State
    /// The MDO it concerns, or nil.
    public var mdo: MDOCode?
    /// The sender's address.
    public var sender: String
    /// The Message-ID of its mail, or nil.
    public var messageID: String?
    /// When its mail was received, ISO 8601 UTC.
    public var received: String
    /// Notes (contested, rename, superseded by …, the reason of a rejection).
    public var note: String?

    /// Makes a record.
    public init(number: RequestNumber, type: String?, state: State, mdo: MDOCode?, sender: String,
                messageID: String?, received: String, note: String?) {
        self.number = number; self.type = type; self.state = state; self.mdo = mdo; self.sender = sender
        self.messageID = messageID; self.received = received; self.note = note
    }
}

/// A generic ID as the registry holds it (`workflow.md` §1).
public struct GenericIDRecord: Sendable, Equatable {
    /// The ID's states.
    public enum State: String, Sendable {
        case requested, created, allocated, resetPending = "reset-pending", vacant, withdrawn
    }
    /// The ID.
    public var id: GenericID
    /// Its state.
    public var state: State
    /// The request that created it, or nil.
    public var request: RequestNumber?

    /// Makes a record.
    public init(id: GenericID, state: State, request: RequestNumber?) {
        self.id = id; self.state = state; self.request = request
    }
}

/// An allocation of an ID to a holder (`workflow.md` §1); history is kept when it ends.
public struct AllocationRecord: Sendable, Equatable {
    /// Row id.
    public var rowID: Int64
    /// The ID.
    public var id: String
    /// The holder.
    public var holder: Officer
    /// From (a day, `YYYY-MM-DD`).
    public var from: String
    /// To, when it ended.
    public var to: String?
    /// Why it ended.
    public var endReason: String?
}

/// A reset ticket (`workflow.md` §1-2).
public struct ResetTicketRecord: Sendable, Equatable {
    /// The ticket's states.
    public enum State: String, Sendable { case open, done, superseded }
    /// Row id.
    public var rowID: Int64
    /// The request it belongs to.
    public var request: RequestNumber
    /// The ID to reset.
    public var id: String
    /// Its state.
    public var state: State
    /// Not before this day (a future handover or vacancy), or nil.
    public var notBefore: String?
    /// Reported over 30 days late.
    public var lateReport: Bool
    /// Opened because a password was mailed.
    public var exposedByMail: Bool
    /// When it was opened, ISO 8601 UTC.
    public var opened: String = ""
    /// When it was closed, ISO 8601 UTC, or nil while open.
    public var closed: String? = nil
    /// The address that closed it (DoPT/SPV's RESET DONE, or the desk), or nil while open.
    public var closedBy: String? = nil
}

/// NIC's answer to one ID of a creation request (requests.md §4, CREATED and REFUSED): the ID's
/// state now, and when and by whom NIC answered for it (nil for an ID not answered yet, or
/// answered before the registry kept these).
public struct CreationAnswerRecord: Sendable, Equatable {
    /// The ID's address.
    public var address: String
    /// Its state now.
    public var state: GenericIDRecord.State
    /// When NIC's CREATED or REFUSED for it applied, ISO 8601 UTC.
    public var answered: String?
    /// The address whose line applied it.
    public var answeredBy: String?

    /// Makes a record.
    public init(address: String, state: GenericIDRecord.State, answered: String?, answeredBy: String?) {
        self.address = address; self.state = state; self.answered = answered; self.answeredBy = answeredBy
    }
}
