using System.Collections.Immutable;
using Engine.Contracts;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.Contracts.Wire;
using Engine.Reference;
using static Engine.Tests.Wire.WireTestData;

namespace Engine.Tests.Wire;

/// <summary>Every body type survives encode → decode; re-encoding the decoded value gives the same bytes.</summary>
public sealed class MessageCodecTests
{
    [Fact]
    public void Hello_RoundTrips()
    {
        var value = new HelloBody(InstitutionCode, MaxString, Bytes(16, 0));

        var decoded = RoundTrip(value, MessageCodec.Write, MessageCodec.ReadHello);

        Assert.Equal((value.Institution, value.TerminalId), (decoded.Institution, decoded.TerminalId));
        Assert.Equal(value.ClientNonce.ToArray(), decoded.ClientNonce.ToArray());
    }

    [Fact]
    public void ControlBodies_RoundTrip()
    {
        Assert.Equal(Bytes(16, 9), RoundTrip(new ChallengeBody(Bytes(16, 9)), MessageCodec.Write,
            MessageCodec.ReadChallenge).ServerNonce.ToArray());
        Assert.Equal(Bytes(32, 9), RoundTrip(new ProofBody(Bytes(32, 9)), MessageCodec.Write,
            MessageCodec.ReadProof).ClientProof.ToArray());
        var welcome = RoundTrip(new WelcomeBody(Bytes(32, 1), 256, 60_000, 15_000), MessageCodec.Write,
            MessageCodec.ReadWelcome);
        Assert.Equal((256, 60_000, 15_000), (welcome.InFlightMax, welcome.IdleTimeoutMs, welcome.HeartbeatIntervalMs));
        Assert.Equal(new ErrorBody(6, "MALFORMED_BODY: 2207 has 3 positions, not 4."),
            RoundTrip(new ErrorBody(6, "MALFORMED_BODY: 2207 has 3 positions, not 4."), MessageCodec.Write,
                MessageCodec.ReadError));
        Assert.Equal(new PingBody("36010000000000000001", -5),
            RoundTrip(new PingBody("36010000000000000001", -5), MessageCodec.Write, MessageCodec.ReadPing));
        Assert.Equal(new PingReplyBody(int.MaxValue),
            RoundTrip(new PingReplyBody(int.MaxValue), MessageCodec.Write, MessageCodec.ReadPingReply));
    }

    [Fact]
    public void Error_LongMessage_IsCutAt256BytesOnACharacterBoundary()
    {
        var decoded = RoundTrip(new ErrorBody(6, new string('医', 200)), MessageCodec.Write, MessageCodec.ReadError);

        Assert.Equal(new string('医', 85), decoded.Message); // 85 × 3 = 255 bytes; a 86th would make 258.
    }

    [Fact]
    public void Requests_WithoutArrays_RoundTripWithTheSignedInInstitution()
    {
        Assert.Equal(Settle(), RoundTrip(Settle(), MessageCodec.Write, MessageCodec.ReadSettleRequest));
        Assert.Equal(Register(), RoundTrip(Register(), MessageCodec.Write, MessageCodec.ReadRegisterRequest));
        var noDisease = Register() with { MedType = MedType.General, Disease = null, Emergency = false };
        Assert.Equal(noDisease, RoundTrip(noDisease, MessageCodec.Write, MessageCodec.ReadRegisterRequest));
        var unknownMedType = Register() with { MedType = (MedType)12, At = default };
        Assert.Equal(unknownMedType, RoundTrip(unknownMedType, MessageCodec.Write, MessageCodec.ReadRegisterRequest));
        var cancelRegistration = new CancelRegistrationRequest("M2", InstitutionCode, "V1", At);
        Assert.Equal(cancelRegistration,
            RoundTrip(cancelRegistration, MessageCodec.Write, MessageCodec.ReadCancelRegistrationRequest));
        var cancelFees = new CancelFeesRequest("M3", InstitutionCode, "V1", CancelFeesRequest.AllBatches, At);
        Assert.Equal(cancelFees, RoundTrip(cancelFees, MessageCodec.Write, MessageCodec.ReadCancelFeesRequest));
        var preSettle = new PreSettleRequest(InstitutionCode, "V1", false, At);
        Assert.Equal(preSettle, RoundTrip(preSettle, MessageCodec.Write, MessageCodec.ReadPreSettleRequest));
        var cancelSettlement = new CancelSettlementRequest("M4", InstitutionCode, "S1", At);
        Assert.Equal(cancelSettlement,
            RoundTrip(cancelSettlement, MessageCodec.Write, MessageCodec.ReadCancelSettlementRequest));
        var reverse = new ReverseRequest("M5", InstitutionCode, "MSG-20250601-0001", "settle", At);
        Assert.Equal(reverse, RoundTrip(reverse, MessageCodec.Write, MessageCodec.ReadReverseRequest));
        var personInfo = new PersonInfoRequest(InstitutionCode, "36010000000000000001", 2025);
        Assert.Equal(personInfo, RoundTrip(personInfo, MessageCodec.Write, MessageCodec.ReadPersonInfoRequest));
        var reconcile = new ReconcileRequest(InstitutionCode, new DateOnly(2025, 6, 1), 3, Money.FromFen(11_500),
            Money.FromFen(-400), Money.Zero);
        Assert.Equal(reconcile, RoundTrip(reconcile, MessageCodec.Write, MessageCodec.ReadReconcileRequest));
    }

    [Fact]
    public void Requests_OnTheWire_DoNotCarryTheInstitution()
    {
        var body = Body(Settle(), MessageCodec.Write);

        var decoded = Decode(body, (ref MessagePack.MessagePackReader reader) =>
            MessageCodec.ReadSettleRequest(ref reader, "H99"));

        Assert.Equal("H99", decoded.Institution);
        Assert.DoesNotContain(InstitutionCode, System.Text.Encoding.UTF8.GetString(body), StringComparison.Ordinal);
    }

    [Fact]
    public void ReconcileAny_CarriesTheInstitution()
    {
        var value = new ReconcileRequest("H31011800009", new DateOnly(2025, 6, 1), 0, Money.Zero, Money.Zero,
            Money.Zero);

        var decoded = RoundTrip(value, MessageCodec.WriteReconcileAny, MessageCodec.ReadReconcileAny);

        Assert.Equal(value, decoded);
    }

    [Fact]
    public void UploadFees_RoundTripsEveryLineIncludingExtremes()
    {
        var value = UploadFees();

        var decoded = RoundTrip(value, MessageCodec.Write, MessageCodec.ReadUploadFeesRequest);

        Assert.Equal(value with { Lines = [] }, decoded with { Lines = [] });
        Assert.Equal(value.Lines.ToArray(), decoded.Lines.ToArray());
    }

    [Fact]
    public void UploadFees_DefaultLines_GoOutAsAnEmptyArray()
    {
        var value = UploadFees() with { Lines = default };

        var decoded = RoundTrip(value, MessageCodec.Write, MessageCodec.ReadUploadFeesRequest);

        Assert.False(decoded.Lines.IsDefault);
        Assert.Empty(decoded.Lines);
    }

    [Fact]
    public void UploadFees_MoreThanABatchOfLines_IsRefusedByTheWriter()
    {
        var lines = Enumerable.Range(1, ProtocolLimits.FeeLinesPerBatchMax + 1)
            .Select(i => new FeeLine(i, "XA01", Quantity.FromDecimal(1m), Quantity.FromDecimal(1m), Money.FromFen(100)))
            .ToImmutableArray();

        Assert.Throws<ArgumentException>(() => Body(UploadFees() with { Lines = lines }, MessageCodec.Write));
    }

    [Fact]
    public void TransactionReply_WithEveryMember_RoundTrips()
    {
        var value = FullReply();

        var decoded = RoundTrip(value, MessageCodec.Write, MessageCodec.ReadTransactionReply);

        Assert.Equal(value.Status, decoded.Status);
        Assert.Equal((value.Message, value.VisitId, value.SettlementId), (decoded.Message, decoded.VisitId,
            decoded.SettlementId));
        Assert.Equal(value.Settlement, decoded.Settlement);
        Assert.True(decoded.Settlement!.MedfeeSumamt.IsNegative);
        Assert.Equal(value.Lines.ToArray(), decoded.Lines.ToArray());
        Assert.Equal(value.Person!.AccountBalance, decoded.Person!.AccountBalance);
        Assert.Equal(value.Person.Accumulators.ToArray(), decoded.Person.Accumulators.ToArray());
        Assert.Equal(value.Reconciliation, decoded.Reconciliation);
    }

    [Fact]
    public void TransactionReply_Rejection_RoundTripsWithNilsAndEmptyLines()
    {
        var value = TransactionReply.Rejected(SettlementStatus.NoValidFiling);

        var decoded = RoundTrip(value, MessageCodec.Write, MessageCodec.ReadTransactionReply);

        Assert.Equal(value with { Lines = [] }, decoded);
        Assert.Equal([0x98, 0x06, 0xc0, 0xc0, 0xc0, 0xc0, 0x90, 0xc0, 0xc0], Body(value, MessageCodec.Write));
    }

    [Fact]
    public void TransactionReply_StatusUnknownToThisVersion_PassesThrough()
    {
        var value = TransactionReply.Rejected((SettlementStatus)999, "from a newer server");

        Assert.Equal((SettlementStatus)999, RoundTrip(value, MessageCodec.Write,
            MessageCodec.ReadTransactionReply).Status);
    }

    [Fact]
    public void TransactionReply_SettleReply_RoundTrips()
    {
        var value = SettleReply();

        Assert.Equal(value with { Lines = [] }, RoundTrip(value, MessageCodec.Write,
            MessageCodec.ReadTransactionReply));
    }

    [Fact]
    public void ReferenceData_RoundTripsEveryPart()
    {
        var value = ReferenceChunk();

        var decoded = RoundTrip(value, MessageCodec.Write, MessageCodec.ReadReferenceData);

        Assert.Equal(value.Regions.ToArray(), decoded.Regions.ToArray());
        Assert.Equal(value.NoFilingZones.Length, decoded.NoFilingZones.Length);
        Assert.Equal(value.NoFilingZones[0].ToArray(), decoded.NoFilingZones[0].ToArray());
        Assert.Empty(decoded.NoFilingZones[1]);
        Assert.Equal(value.Policies.ToArray(), decoded.Policies.ToArray());
        Assert.Equal(value.Catalog.ToArray(), decoded.Catalog.ToArray());
        Assert.Equal(value.Institutions.ToArray(), decoded.Institutions.ToArray());
        Assert.Equal(value.Persons.Length, decoded.Persons.Length);
        for (var i = 0; i < value.Persons.Length; i++)
        {
            var (expected, actual) = (value.Persons[i], decoded.Persons[i]);
            Assert.Equal(expected.Profile with { Filings = [], Chronic = [] },
                actual.Profile with { Filings = [], Chronic = [] });
            Assert.Equal(expected.Profile.Filings.ToArray(), actual.Profile.Filings.ToArray());
            Assert.Equal(expected.Profile.Chronic.ToArray(), actual.Profile.Chronic.ToArray());
            Assert.Equal(expected.AccountBalance, actual.AccountBalance);
            Assert.Equal(expected.Accumulators.ToArray(), actual.Accumulators.ToArray());
        }
    }

    [Fact]
    public void ReferenceData_Empty_RoundTrips()
    {
        var decoded = RoundTrip(ReferenceData.Empty, MessageCodec.Write, MessageCodec.ReadReferenceData);

        Assert.Equal([0x96, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90], Body(ReferenceData.Empty, MessageCodec.Write));
        Assert.Empty(decoded.Persons);
    }

    [Fact]
    public void AdminReplies_RoundTrip()
    {
        var version = new ReferenceUpsertReplyBody(ulong.MaxValue);
        Assert.Equal(version, RoundTrip(version, MessageCodec.Write, MessageCodec.ReadReferenceUpsertReply));
        Assert.Equal(new ClearingRequestBody(2025, 6),
            RoundTrip(new ClearingRequestBody(2025, 6), MessageCodec.Write, MessageCodec.ReadClearingRequest));
        ImmutableArray<ClearingLine> lines =
        [
            new ClearingLine("360100", "310118", 3, Money.FromFen(11_500), Money.FromFen(-400), Money.Zero,
                Money.FromFen(90)),
            new ClearingLine("360100", "360100", 0, Money.Zero, Money.Zero, Money.Zero, Money.Zero),
        ];
        Assert.Equal(lines.ToArray(), RoundTrip(lines, MessageCodec.Write, MessageCodec.ReadClearingLines).ToArray());
        Assert.Empty(RoundTrip(default(ImmutableArray<ClearingLine>), MessageCodec.Write,
            MessageCodec.ReadClearingLines));
    }

    [Fact]
    public void Heartbeat_EmptyBodyAccepted_AnyByteRejected()
    {
        MessageCodec.DecodeEmpty(System.Buffers.ReadOnlySequence<byte>.Empty);

        var violation = Assert.Throws<ProtocolViolationException>(
            () => MessageCodec.DecodeEmpty(new System.Buffers.ReadOnlySequence<byte>([0x90])));
        Assert.Equal(ProtocolViolationReason.MalformedBody, violation.Reason);
    }

    [Fact]
    public void Decode_BodySplitAcrossSegments_ReadsTheSame()
    {
        var body = Body(FullReply(), MessageCodec.Write);
        for (var cut = 1; cut < body.Length; cut++)
        {
            var decoded = MessageCodec.Decode(Split(body, cut), MessageCodec.ReadTransactionReply);

            Assert.Equal(FullReply().Message, decoded.Message);
            Assert.Equal(body, Body(decoded, MessageCodec.Write));
        }
    }

    [Fact]
    public void Write_IdentifierOver256Bytes_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => Body(Settle() with { MsgId = MaxString + "x" }, MessageCodec.Write));
    }

    private static T RoundTrip<T>(T value, BodyWriter<T> write, BodyReader<T> read)
    {
        var body = Body(value, write);
        var decoded = Decode(body, read);
        Assert.Equal(body, Body(decoded, write));
        return decoded;
    }

    private static T RoundTrip<T>(T value, BodyWriter<T> write, BodyReader<string, T> read)
    {
        var body = Body(value, write);
        var decoded = Decode(body, read);
        Assert.Equal(body, Body(decoded, write));
        return decoded;
    }
}
