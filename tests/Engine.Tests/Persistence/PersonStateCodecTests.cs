using System.Buffers;
using Engine.Contracts;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.InProcess;
using Engine.Lifecycle;
using Engine.Persistence;
using Engine.Scenarios;
using MessagePack;

namespace Engine.Tests.Persistence;

/// <summary>
/// Goal: the stored form of a person's state gives back exactly the state that was written, every member of every
/// record down to a DateTime's kind and a default immutable array, for states the engine really builds; and a blob
/// that is cut short, of another version or not of this codec fails loudly instead of giving a half state.
/// </summary>
/// <remarks>
/// The graphs are compared field by field (<see cref="GraphEquivalence"/>), not by their Orleans bytes: Orleans'
/// format records that the live state shares one string or one SettlementFigures in several places, which the
/// decoded state (separate equal instances) does not, so those bytes differ for equal states.
/// </remarks>
public sealed class PersonStateCodecTests
{
    [Theory]
    [MemberData(nameof(TestCases.Names), MemberType = typeof(TestCases))]
    public async Task RoundTrip_PersonsOfAPublicScenario_DecodeToTheSameStates(string name)
    {
        await using var file = File.OpenRead(TestCases.PathOf(name));
        using var document = ScenarioParser.ParseDocument(file);
        var scenario = ScenarioParser.Parse(document);
        using var engine = new InProcessSettlementApi();
        engine.LoadReference(scenario.Reference);
        await new ScenarioReplayer(engine).ReplayAsync(scenario);

        var states = scenario.Reference.Persons.Select(seed => engine.StateOf(seed.Profile.PsnNo)!).ToList();

        Assert.Contains(states, state => state.Messages.Count > 0);
        foreach (var state in states) AssertRoundTrips(state);
    }

    [Fact]
    public async Task StoredReply_DecodesToTheReplyItStored()
    {
        var replies = PersonStates.EdgeReplies(new SettlementFigures { HifpPay = Money.FromFen(Money.FenMax) })
            .Concat((await PersonStates.BusyAsync()).Messages.Values.Select(m => m.Reply.Decode()))
            .ToList();

        Assert.Contains(replies, r => !r.Lines.IsDefaultOrEmpty);
        Assert.Contains(replies, r => r.Lines.IsDefault);
        Assert.Contains(replies, r => r.Settlement is not null);
        foreach (var reply in replies) GraphEquivalence.AssertEquivalent(reply, StoredReply.Of(reply).Decode());
    }

    [Fact]
    public void StoredReply_CutShort_FailsLoudly()
    {
        var stored = StoredReply.Of(PersonStates.EdgeReplies(new SettlementFigures())[0]);
        var state = new PersonState();
        state.Messages[new MessageKey("H1", "M1")] =
            new MessageRecord(Operation.Settle, UInt128.One, stored, default, MessageOutcome.Accepted, null);
        var blob = PersonStateCodec.Encode(state);
        var at = blob.AsSpan().IndexOf(stored.Encoded);
        blob[at] = 0x97; // the reply's fixarray of 8 read as one of 7

        var exception = Assert.Throws<InvalidDataException>(() => PersonStateCodec.Decode(blob));
        Assert.Contains("TransactionReply", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decode_TwoStates_ShareTheirCodes_NotTheirIdentifiers()
    {
        var blob = PersonStateCodec.Encode(await PersonStates.BusyAsync());

        var first = PersonStateCodec.Decode(blob);
        var second = PersonStateCodec.Decode(blob);

        Assert.Same(first.Profile!.InsuredRegion, second.Profile!.InsuredRegion);
        Assert.Same(first.Accumulators.Keys.First().Bucket, second.Accumulators.Keys.First().Bucket);
        var (firstVisit, secondVisit) = (first.Visits.Values.First(), second.Visits.Values.First());
        Assert.Same(firstVisit.Institution, secondVisit.Institution);
        Assert.Same(firstVisit.Batches[0].BatchNo, secondVisit.Batches[0].BatchNo);
        Assert.Equal(firstVisit.VisitId, secondVisit.VisitId);
        Assert.NotSame(firstVisit.VisitId, secondVisit.VisitId);
        Assert.NotSame(first.Profile.PsnNo, second.Profile.PsnNo);
    }

    [Fact]
    public async Task RoundTrip_BusyPerson_DecodesToTheSameState()
    {
        var state = await PersonStates.BusyAsync();

        Assert.Equal(new[] { 2024, 2025 }, state.Accumulators.Keys.Select(k => k.Year).Distinct().Order());
        Assert.Contains(state.Accumulators.Keys, key => key.Bucket.StartsWith("OPSP:", StringComparison.Ordinal));
        Assert.Contains(state.Visits.Values, visit => visit.Batches.Count >= 3);
        Assert.Contains(state.Visits.Values, visit => visit.Status == VisitStatus.Cancelled);
        Assert.Equal(
            new[] { SettlementState.Active, SettlementState.Cancelled, SettlementState.Reversed },
            state.Settlements.Values.Select(s => s.State).Distinct().Order());
        Assert.Contains(state.Settlements.Values, s => s.Cancellations.Any(c => c.Reversed));
        Assert.Contains(state.Messages.Values, m => m.Outcome == MessageOutcome.Reversed);
        Assert.Contains(state.Messages.Values, m => m.Outcome == MessageOutcome.Rejected);
        Assert.Contains(state.Messages.Values, m => !m.Reply.Decode().Lines.IsDefaultOrEmpty);
        Assert.Equal(3, state.Outbox.Count);
        Assert.NotEmpty(state.Profile!.Filings);
        Assert.NotEmpty(state.Profile.Chronic);
        AssertRoundTrips(state);
    }

    [Fact]
    public void RoundTrip_EdgeValues_DecodeToTheSameState()
    {
        var state = PersonStates.Edges();

        var decoded = AssertRoundTrips(state);

        Assert.True(decoded.Profile!.Filings.IsDefault);
        Assert.True(decoded.Visits["V1"].Batches[0].Lines.IsDefault);
        Assert.False(decoded.Visits["V1"].Batches[1].Lines.IsDefault);
        Assert.True(decoded.Settlements["S1"].BatchNos.IsDefault);
        Assert.Equal(DateTimeKind.Local, decoded.Settlements["S1"].At.Kind);
        var longDetail = state.Messages[new MessageKey("H1", "M2")].Reply.Decode().Message!;
        Assert.Equal(longDetail, decoded.Messages[new MessageKey("H1", "M2")].Reply.Decode().Message);
    }

    [Fact]
    public void RoundTrip_NewPerson_DecodesToAnEmptyStateWithTheSameComparers()
    {
        var decoded = AssertRoundTrips(new PersonState());

        Assert.Same(StringComparer.Ordinal, decoded.Visits.Comparer);
        Assert.Same(StringComparer.Ordinal, decoded.Settlements.Comparer);
    }

    [Fact]
    public void Encode_Blob_IsTheMarkerTheVersionAndTheStateInOneMessagePackArray()
    {
        var blob = PersonStateCodec.Encode(PersonStates.Edges());

        var reader = new MessagePackReader(blob);
        Assert.Equal(3, reader.ReadArrayHeader());
        Assert.Equal(PersonStateCodec.Marker, reader.ReadString());
        Assert.Equal(PersonStateCodec.FormatVersion, reader.ReadInt32());
        Assert.Equal(9, reader.ReadArrayHeader());
        for (var position = 0; position < 9; position++) reader.Skip();
        Assert.True(reader.End);
        Assert.True(PersonStateCodec.IsPersonStateBlob(blob));
    }

    [Fact]
    public async Task Decode_EveryTruncation_ThrowsInvalidDataException()
    {
        var blob = PersonStateCodec.Encode(await PersonStates.BusyAsync());

        for (var length = 0; length < blob.Length; length++)
        {
            var truncated = blob.AsMemory(0, length);
            var exception = Assert.Throws<InvalidDataException>(() => PersonStateCodec.Decode(truncated));
            Assert.Contains(PersonStateCodec.Marker, exception.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Decode_BytesAfterTheState_ThrowsInvalidDataException()
    {
        byte[] blob = [.. PersonStateCodec.Encode(new PersonState()), 0xC0];

        var exception = Assert.Throws<InvalidDataException>(() => PersonStateCodec.Decode(blob));
        Assert.Contains("1 bytes after the state", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(127)]
    public void Decode_UnknownVersion_ThrowsInvalidDataExceptionNamingIt(int version)
    {
        var blob = PersonStateCodec.Encode(new PersonState());
        var versionAt = 1 + 1 + PersonStateCodec.Marker.Length; // After the array header, the str header, the marker.
        Assert.Equal(PersonStateCodec.FormatVersion, blob[versionAt]);
        blob[versionAt] = (byte)version; // A positive fixint is the number itself.

        var exception = Assert.Throws<InvalidDataException>(() => PersonStateCodec.Decode(blob));
        Assert.Contains($"version {version} is unknown", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_NotABlobOfThisCodec_ThrowsInvalidDataException()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(3);
        writer.Write("SomethingElse");
        writer.Write(PersonStateCodec.FormatVersion);
        writer.WriteArrayHeader(0);
        writer.Flush();
        var other = buffer.WrittenMemory;

        Assert.False(PersonStateCodec.IsPersonStateBlob(other.Span));
        var exception = Assert.Throws<InvalidDataException>(() => PersonStateCodec.Decode(other));
        Assert.Contains("Not a PersonState blob", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_RecordWithAPositionMissing_ThrowsInvalidDataExceptionNamingTheRecord()
    {
        var blob = PersonStateCodec.Encode(new PersonState());
        var stateAt = 1 + 1 + PersonStateCodec.Marker.Length + 1;
        Assert.Equal(0x99, blob[stateAt]); // fixarray of 9
        blob[stateAt] = 0x98;

        var exception = Assert.Throws<InvalidDataException>(() => PersonStateCodec.Decode(blob));
        Assert.Contains("PersonState has 8 positions, not 9", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_NullWhereTheTypesForbidIt_FailsTheWriteNamingTheMember()
    {
        var state = PersonStates.Edges();
        state.Messages[new MessageKey("H1", "M9")] =
            new MessageRecord(Operation.Settle, UInt128.One, default, default, MessageOutcome.Accepted, null);

        var exception = Assert.Throws<InvalidOperationException>(() => PersonStateCodec.Encode(state));
        Assert.Contains("MessageRecord.Reply is null", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GraphEquivalence_WhatRecordEqualityMisses_IsADifference()
    {
        var utc = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        Assert.Equal(utc, DateTime.SpecifyKind(utc, DateTimeKind.Unspecified));
        Assert.NotEmpty(GraphEquivalence.Differences(utc, DateTime.SpecifyKind(utc, DateTimeKind.Unspecified)));

        Assert.NotEmpty(GraphEquivalence.Differences(
            new FeeBatch("B1", default, default, null), new FeeBatch("B1", [], default, null)));
        Assert.NotEmpty(GraphEquivalence.Differences(
            new Dictionary<string, int>(StringComparer.Ordinal), new Dictionary<string, int>()));
        Assert.NotEmpty(GraphEquivalence.Differences(
            new Dictionary<string, int> { ["a"] = 1, ["b"] = 2 },
            new Dictionary<string, int> { ["b"] = 2, ["a"] = 1 }));
        Assert.NotEmpty(GraphEquivalence.Differences(
            TransactionReply.Rejected(SettlementStatus.InvalidRequest, "a"),
            TransactionReply.Rejected(SettlementStatus.InvalidRequest, "b")));
        var line = new LineResult(1, CatalogGrade.B, default, default, default, default);
        Assert.Empty(GraphEquivalence.Differences( // Equal, though the records' Equals says not: separate arrays.
            new TransactionReply { Lines = [line] }, new TransactionReply { Lines = [line with { }] }));
        Assert.NotEqual(new TransactionReply { Lines = [line] }, new TransactionReply { Lines = [line] });
    }

    // Decoded equals the original field by field, and encodes to the same bytes again.
    private static PersonState AssertRoundTrips(PersonState state)
    {
        var blob = PersonStateCodec.Encode(state);
        var decoded = PersonStateCodec.Decode(blob);
        GraphEquivalence.AssertEquivalent(state, decoded);
        Assert.Equal(blob, PersonStateCodec.Encode(decoded));
        return decoded;
    }
}
