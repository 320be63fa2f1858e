using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.Lifecycle;
using Engine.Messaging;

namespace Engine.Tests.Messaging;

/// <summary>The institution-wide part of 2601: the reversal's own msgId, tombstones and finding the holder.</summary>
public sealed class ReversalCoordinatorTests
{
    private const string Institution = "H36010200001";
    private static readonly DateTime Now = new(2025, 3, 10, 1, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime At = new(2025, 3, 10, 9, 0, 0);

    private readonly InMemoryMessageRegistry registry = new();
    private readonly List<(string PsnNo, MessageKey Original)> calls = [];

    private Task<TransactionReply> ReverseAsync(
        string msgId, string originalMsgId, ReversalOutcome outcome = ReversalOutcome.Reversed, DateTime? at = null) =>
        ReversalCoordinator.ReverseAsync(
            new ReverseRequest(msgId, Institution, originalMsgId, "settle", at ?? At),
            registry,
            (psnNo, original) =>
            {
                calls.Add((psnNo, original));
                return ValueTask.FromResult(outcome);
            },
            Now,
            idLengthMax: 30).AsTask();

    [Fact]
    public async Task Reverse_UnseenOriginal_TombstonesWithoutAskingAnyPerson()
    {
        var reply = await ReverseAsync("X1", "S1");

        Assert.Equal(SettlementStatus.Ok, reply.Status);
        Assert.Empty(calls);
        Assert.Equal(RegistryEntryKind.Tombstone, (await registry.ClaimAsync(new(Institution, "S1"), "P1", Now))!.Kind);
    }

    [Fact]
    public async Task Reverse_ClaimedOriginal_AsksItsHolderAndMarksItReversed()
    {
        await registry.ClaimAsync(new(Institution, "S1"), "P1", Now);

        var reply = await ReverseAsync("X1", "S1");

        Assert.Equal(SettlementStatus.Ok, reply.Status);
        Assert.Equal(("P1", new MessageKey(Institution, "S1")), Assert.Single(calls));
        Assert.True((await registry.ClaimAsync(new(Institution, "S1"), "P2", Now))!.Reversed);
    }

    [Theory]
    [InlineData(ReversalOutcome.NothingToUndo, SettlementStatus.Ok, false)]
    [InlineData(ReversalOutcome.AlreadyReversed, SettlementStatus.Ok, false)]
    [InlineData(ReversalOutcome.Tombstoned, SettlementStatus.Ok, true)]
    [InlineData(ReversalOutcome.NotReversible, SettlementStatus.InvalidRequest, false)]
    public async Task Reverse_HolderOutcome_GivesTheReplyAndMarksOnlyWhatWasReversed(
        ReversalOutcome outcome, SettlementStatus expected, bool marked)
    {
        await registry.ClaimAsync(new(Institution, "S1"), "P1", Now);

        var reply = await ReverseAsync("X1", "S1", outcome);

        Assert.Equal(expected, reply.Status);
        Assert.Equal(marked, (await registry.ClaimAsync(new(Institution, "S1"), "P2", Now))!.Reversed);
    }

    [Fact]
    public async Task Reverse_OriginalIsAReversal_ReturnsInvalidRequest()
    {
        await ReverseAsync("X1", "S1");

        Assert.Equal(SettlementStatus.InvalidRequest, (await ReverseAsync("X2", "X1")).Status);
    }

    [Fact]
    public async Task Reverse_OwnMsgIdClaimedOrTombstoned_ReturnsDuplicateOrReversed()
    {
        await registry.ClaimAsync(new(Institution, "R1"), "P1", Now);
        await registry.TombstoneAsync(new(Institution, "T1"), Now);

        Assert.Equal(SettlementStatus.DuplicateMsgId, (await ReverseAsync("R1", "S1")).Status);
        Assert.Equal(SettlementStatus.ReversedMsgId, (await ReverseAsync("T1", "S1")).Status);
        Assert.Empty(calls);
    }

    [Fact]
    public async Task Reverse_RetransmittedWithOtherContent_ReturnsDuplicateMsgId()
    {
        await ReverseAsync("X1", "S1");

        Assert.Equal(SettlementStatus.Ok, (await ReverseAsync("X1", "S1")).Status);
        Assert.Equal(SettlementStatus.DuplicateMsgId, (await ReverseAsync("X1", "S2")).Status);
    }

    [Theory]
    [InlineData("", "S1")]
    [InlineData("1234567890123456789012345678901", "S1")]
    [InlineData("X1", "")]
    public async Task Reverse_MissingOrTooLongIds_ReturnsInvalidRequest(string msgId, string originalMsgId)
    {
        Assert.Equal(SettlementStatus.InvalidRequest, (await ReverseAsync(msgId, originalMsgId)).Status);
    }

    [Fact]
    public async Task Reverse_MissingTime_ReturnsInvalidRequest()
    {
        Assert.Equal(SettlementStatus.InvalidRequest, (await ReverseAsync("X1", "S1", at: default(DateTime))).Status);
    }
}
