import Desk
import Domain
import Foundation
import Registry
import Testing

/// requests.md §4: "A line that repeats an action already taken is reported as 'already done on
/// <date> by <address>'", while a line asking for another move on what was already decided is a
/// request "of the wrong state", refused with no change.
@Suite("Rules: repeated and contrary control lines (requests.md §4)")
struct RepeatedControlTests {
    /// The registry's view of the creation request's IDs: address and state.
    static func states(_ w: LifecycleTests.World) throws -> [String] {
        try w.registry.read { tx in try tx.genericIDs(MDOCode("dopt")!, domain: "nic.in") }.map { "\($0.id.address) \($0.state.rawValue)" }
    }

    /// An active dopt with a creation request of cc1 and cc2 awaiting NIC: the world, the
    /// request's number and NIC's action code.
    static func twoIDs() throws -> (LifecycleTests.World, String, String) {
        let w = try LifecycleTests.World()
        _ = try w.send(from: "a.kumar@nic.in", subject: "Nomination", body: LifecycleTests.nomination)
        _ = try w.send(from: "spv.igot@nic.in", subject: "Re: [REQ-2026-000001/\(try w.code("approval-request", "REQ-2026-000001"))]", body: "APPROVE")
        let creation = try #require(try w.send(from: "a.kumar@nic.in", subject: "Request for creation of generic IDs - dopt",
                                               body: "MDO code: dopt\nIDs:\nigotdoptcc1@nic.in\nigotdoptcc2@nic.in").requestNumber)
        let nic = try w.code("id-creation-request", creation)
        return (w, creation, nic)
    }

    @Test("REFUSED of an ID NIC already created is refused, names the ID and its state, and changes nothing")
    func refusedAfterCreated() throws {
        let (w, _, creation, nic) = try ControlLineRuleTests.world()
        _ = try w.send(from: "support.igot@nic.in", subject: "Re: [\(creation)/\(nic)]", body: "CREATED")
        let before = (try Self.states(w), try w.letters().count)
        let contrary = try w.send(from: "support.igot@nic.in", subject: "Instructions", body: "REFUSED \(creation) \(nic) igotdoptcc1@nic.in name reserved")
        #expect(contrary.outcome.hasPrefix("filed to .Refused:"), "\(contrary.outcome)")
        #expect(contrary.outcome.contains("refused: \"igotdoptcc1@nic.in\": expected an ID still awaiting NIC's answer: it is created on 2026-"), "\(contrary.outcome)")
        #expect(contrary.outcome.contains("by support.igot@nic.in"), "\(contrary.outcome)")
        #expect(try Self.states(w) == before.0)
        // Only the reply to NIC listing the outcome; no "not created" letter to the MDO.
        #expect(try w.letters().count == before.1 + 1)
        #expect(try w.letters().last?.template == "control-outcome")
    }

    @Test("CREATED again, for all or for one ID, is 'already done on <date> by <address>' and changes nothing")
    func createdTwice() throws {
        let (w, _, creation, nic) = try ControlLineRuleTests.world()
        _ = try w.send(from: "spv.igot@nic.in", subject: "Re: [\(creation)/\(nic)]", body: "CREATED")
        let before = (try Self.states(w), try w.letters().filter { $0.template == "ids-created" }.count)
        for body in ["CREATED", "CREATED igotdoptcc1@nic.in"] {
            let again = try w.send(from: "support.igot@nic.in", subject: "Re: [\(creation)/\(nic)]", body: body)
            #expect(again.outcome.hasPrefix("filed to cur/"), "\(again.outcome)")
            #expect(again.outcome.contains("CREATED \(creation): already done on 2026-"), "\(again.outcome)")
            #expect(again.outcome.contains("by spv.igot@nic.in"), "the first answer's sender: \(again.outcome)")
            #expect(again.outcome.contains(" +05:30 by"), "the time in the office's zone: \(again.outcome)")
        }
        #expect(try Self.states(w) == before.0)
        #expect(try w.letters().filter { $0.template == "ids-created" }.count == before.1, "the MDO is not told twice")
    }

    @Test("after CREATED of one ID and REFUSED of the other, CREATED again is a repeat, not a refusal of the refused one")
    func createdAgainAfterMixedAnswers() throws {
        let (w, creation, nic) = try Self.twoIDs()
        _ = try w.send(from: "support.igot@nic.in", subject: "Re: [\(creation)/\(nic)]", body: "REFUSED igotdoptcc2@nic.in name reserved")
        _ = try w.send(from: "support.igot@nic.in", subject: "Re: [\(creation)/\(nic)]", body: "CREATED")
        #expect(try Self.states(w) == ["igotdoptcc1@nic.in created", "igotdoptcc2@nic.in withdrawn"])
        let again = try w.send(from: "support.igot@nic.in", subject: "Re: [\(creation)/\(nic)]", body: "CREATED")
        #expect(again.outcome.contains("already done on 2026-"), "\(again.outcome)")
        let contrary = try w.send(from: "support.igot@nic.in", subject: "Re: [\(creation)/\(nic)]", body: "CREATED igotdoptcc2@nic.in")
        #expect(contrary.outcome.contains("\"igotdoptcc2@nic.in\": expected an ID still awaiting NIC's answer: it is withdrawn"), "\(contrary.outcome)")
        #expect(try Self.states(w) == ["igotdoptcc1@nic.in created", "igotdoptcc2@nic.in withdrawn"])
    }

    @Test("CREATED naming an ID still waiting and one created before: the first is created, the second reported as done")
    func createdPartlyRepeated() throws {
        let (w, creation, nic) = try Self.twoIDs()
        _ = try w.send(from: "support.igot@nic.in", subject: "Re: [\(creation)/\(nic)]", body: "CREATED igotdoptcc1@nic.in")
        let both = try w.send(from: "support.igot@nic.in", subject: "Re: [\(creation)/\(nic)]", body: "CREATED igotdoptcc1@nic.in igotdoptcc2@nic.in")
        #expect(both.outcome.contains("created: igotdoptcc2@nic.in; igotdoptcc1@nic.in already done on 2026-"), "\(both.outcome)")
        #expect(try Self.states(w) == ["igotdoptcc1@nic.in created", "igotdoptcc2@nic.in created"])
    }

    @Test("RESET DONE again, naming the ID or not, is 'already done on <date> by <address>'; on a request without tickets it is refused")
    func resetDoneTwice() throws {
        let (w, _, creation, nic) = try ControlLineRuleTests.world()
        _ = try w.send(from: "support.igot@nic.in", subject: "Re: [\(creation)/\(nic)]", body: "CREATED")
        let allocation = try #require(try w.send(from: "a.kumar@nic.in", subject: "Allocation", body:
            "MDO code: dopt\nigotdoptcc1@nic.in: Shri C. Verma, Assistant Director, c.verma@nic.in, 9800000003").requestNumber)
        let code = try w.code("reset-ticket", allocation)
        _ = try w.send(from: "spv.igot@nic.in", subject: "Re: [\(allocation)/\(code)]", body: "RESET DONE")
        #expect(try w.idState("igotdoptcc1@nic.in") == "allocated")
        let notices = try w.letters().filter { $0.template == "reset-notice" }.count
        for body in ["RESET DONE", "RESET DONE igotdoptcc1@nic.in"] {
            let again = try w.send(from: "spv.igot@nic.in", subject: "Re: [\(allocation)/\(code)]", body: body)
            #expect(again.outcome.hasPrefix("filed to cur/"), "\(again.outcome)")
            #expect(again.outcome.contains("RESET DONE \(allocation): already done on 2026-"), "\(again.outcome)")
            #expect(again.outcome.contains("by spv.igot@nic.in"), "\(again.outcome)")
        }
        #expect(try w.letters().filter { $0.template == "reset-notice" }.count == notices, "the holder is not told twice")

        let wrongType = try w.send(from: "spv.igot@nic.in", subject: "Instructions", body: "RESET DONE \(creation) \(nic)")
        #expect(wrongType.outcome.hasPrefix("filed to .Refused:"), "\(wrongType.outcome)")
        #expect(wrongType.outcome.contains("expected a request with reset tickets"), "\(wrongType.outcome)")
    }
}
