using Engine.Client;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.Contracts.Wire;
using Engine.LoadTests.Population;
using Engine.LoadTests.Running;

namespace Engine.LoadTests.Scenarios;

/// <summary>
/// <c>mixed</c>: what a day at the terminals looks like, chosen per iteration from the seed (percentages):
/// 50 plain visits; 10 chronic visits (medType 14); 8 visits then 2208 cancel; 6 visits then 2601 reversal of the
/// settle; 8 visits whose 2207 is retransmitted with the same msgId (the second reply must be the same settlement);
/// 6 registrations then 2202 cancel; 12 expected rejections (4 UNKNOWN_PERSON, 4 NOT_INSURED for a suspended
/// person, 4 NO_CHRONIC_QUALIFICATION). Only the first 2207 of a visit counts towards the averages.
/// </summary>
internal sealed class MixedScenario(World world, LiveMetrics live) : VisitSteps(world, live)
{
    private const string CancelSettlementOp = "2208 cancelSettlement";
    private const string ReverseOp = "2601 reverse";
    private const string RetransmitOp = "2207 settle (retransmitted)";
    private const string CancelRegistrationOp = "2202 cancelRegistration";

    public override string IterationName => "mixed iteration";

    public override async Task<Outcome> RunAsync(PhaseStats phase, long iteration, long dueTicks)
    {
        var roll = SplitMix.For(World.Population.Seed, 0x313D_0000_0000UL + (ulong)iteration).Below(100);
        return roll switch
        {
            < 50 => await VisitAsync(phase, iteration, dueTicks, World.TerminalFor(iteration), null, After.Nothing),
            < 60 => await VisitAsync(phase, iteration, dueTicks, Pick(World.Chronic, iteration), World.ChronicPerson(), After.Nothing),
            < 68 => await VisitAsync(phase, iteration, dueTicks, World.TerminalFor(iteration), null, After.Cancel),
            < 74 => await VisitAsync(phase, iteration, dueTicks, World.TerminalFor(iteration), null, After.Reverse),
            < 82 => await VisitAsync(phase, iteration, dueTicks, World.TerminalFor(iteration), null, After.Retransmit),
            < 88 => await RegisterThenCancelAsync(phase, iteration, dueTicks),
            < 92 => await RejectedAsync(phase, iteration, dueTicks, SyntheticPopulation.PsnNo(9_000_000_000L + iteration),
                MedType.General, null, SettlementStatus.UnknownPerson),
            < 96 => await RejectedAsync(phase, iteration, dueTicks,
                World.Population.Suspended.IsEmpty ? SyntheticPopulation.PsnNo(9_000_000_000L + iteration)
                    : World.Population.Suspended[(int)(iteration % World.Population.Suspended.Length)],
                MedType.General, null, World.Population.Suspended.IsEmpty ? SettlementStatus.UnknownPerson : SettlementStatus.NotInsured),
            _ => await RejectedAsync(phase, iteration, dueTicks, World.UnqualifiedPerson().PsnNo, MedType.Chronic,
                SyntheticPopulation.Diseases[0], SettlementStatus.NoChronicQualification),
        };
    }

    private enum After
    {
        Nothing,
        Cancel,
        Reverse,
        Retransmit,
    }

    private static Terminal Pick(System.Collections.Immutable.ImmutableArray<Terminal> terminals, long iteration) =>
        terminals[(int)(iteration % terminals.Length)];

    private async Task<Outcome> VisitAsync(PhaseStats phase, long iteration, long dueTicks, Terminal terminal,
        PersonRef? chronic, After after)
    {
        var person = chronic ?? World.PersonFor(terminal);
        var medType = chronic is null ? MedType.General : MedType.Chronic;
        var (visitId, uploaded) = await RegisterAndUploadAsync(phase, terminal, person, iteration, 'r', medType, dueTicks);
        var preSettled = await PreSettleAsync(phase, terminal, visitId, person.Employee, uploaded);
        var settleMsgId = World.MsgId(iteration, 'S');
        var (settle, settleRequest) = await SettleAsync(phase, terminal, visitId, person.Employee, settleMsgId, preSettled);
        RecordSettlement(phase, settle);
        var at = Clock.BusinessNow();
        switch (after)
        {
            case After.Cancel:
                Expect(await CallAsync(phase, terminal, MessageType.CancelSettlement, CancelSettlementOp,
                    new CancelSettlementRequest(World.MsgId(iteration, 'C'), terminal.Code, settle.SettlementId!, at),
                    MessageCodec.Write, Clock.Now), CancelSettlementOp, SettlementStatus.Ok);
                break;
            case After.Reverse:
                Expect(await CallAsync(phase, terminal, MessageType.Reverse, ReverseOp,
                    new ReverseRequest(ReversalMsgIds.Derive(settleMsgId), terminal.Code, settleMsgId, "settle", at),
                    MessageCodec.Write, Clock.Now), ReverseOp, SettlementStatus.Ok);
                break;
            case After.Retransmit:
                // The terminal lost the reply: it sends the same 2207 again (same msgId, same content). The engine
                // answers from its log: the same settlement, never a second one.
                var again = await CallAsync(phase, terminal, MessageType.Settle, RetransmitOp, settleRequest,
                    MessageCodec.Write, Clock.Now);
                Expect(again, RetransmitOp, SettlementStatus.Ok);
                if (!string.Equals(again.SettlementId, settle.SettlementId, StringComparison.Ordinal))
                {
                    throw new IterationException(Outcome.Error,
                        $"{RetransmitOp}: settlement {again.SettlementId} instead of {settle.SettlementId}");
                }
                break;
            case After.Nothing:
                break;
        }
        return Outcome.Ok;
    }

    private async Task<Outcome> RegisterThenCancelAsync(PhaseStats phase, long iteration, long dueTicks)
    {
        var terminal = World.TerminalFor(iteration);
        var person = World.PersonFor(terminal);
        var at = Clock.BusinessNow();
        var register = Expect(await CallAsync(phase, terminal, MessageType.Register, RegisterOp,
            new RegisterRequest(World.MsgId(iteration, 'R'), terminal.Code, person.PsnNo, MedType.General, null, false, at),
            MessageCodec.Write, dueTicks), RegisterOp, SettlementStatus.Ok);
        Expect(await CallAsync(phase, terminal, MessageType.CancelRegistration, CancelRegistrationOp,
            new CancelRegistrationRequest(World.MsgId(iteration, 'X'), terminal.Code, register.VisitId!, Clock.BusinessNow()),
            MessageCodec.Write, Clock.Now), CancelRegistrationOp, SettlementStatus.Ok);
        return Outcome.Ok;
    }

    private async Task<Outcome> RejectedAsync(PhaseStats phase, long iteration, long dueTicks, string psnNo,
        MedType medType, string? disease, SettlementStatus expected)
    {
        var terminal = medType == MedType.Chronic ? Pick(World.Chronic, iteration) : World.Home[(int)(iteration % World.Home.Length)];
        Expect(await CallAsync(phase, terminal, MessageType.Register, RegisterOp,
            new RegisterRequest(World.MsgId(iteration, 'R'), terminal.Code, psnNo, medType, disease, false,
                Clock.BusinessNow()), MessageCodec.Write, dueTicks), RegisterOp, expected);
        return Outcome.ExpectedRejection;
    }
}
