using System.Collections.Immutable;
using Engine.Contracts;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.InProcess;
using Engine.Lifecycle;
using Engine.Reference;
using static Engine.Tests.Reference.TestReference;

namespace Engine.Tests.Lifecycle;

/// <summary>
/// The in-process engine loaded with <see cref="Tests.Reference.TestReference"/> and a set of persons, with a
/// clock the test moves, and one short method per terminal transaction (defaults: 东湖医院, 2025-03-10 09:00).
/// </summary>
internal sealed class TestEngine : IDisposable
{
    /// <summary>Employee, ACTIVE, Nanchang, balance 500.00.</summary>
    public const string Employee = "36010000000000000001";

    /// <summary>Employee, ACTIVE, Nanchang, balance 0.</summary>
    public const string Employee2 = "36010000000000000002";

    /// <summary>Resident, Nanchang, balance 0.</summary>
    public const string Resident = "36010000000000000003";

    /// <summary>Employee civil servant, ACTIVE, Nanchang, balance 0.</summary>
    public const string CivilServant = "36010000000000000004";

    /// <summary>Employee, SUSPENDED.</summary>
    public const string Suspended = "36010000000000000005";

    /// <summary>Employee, diabetes qualification, LT_RESIDE to Shanghai from 2025-01-01 to 2025-06-30.</summary>
    public const string Chronic = "36010000000000000006";

    /// <summary>Employee insured in 吴江 (zone member), balance 0.</summary>
    public const string ZonePerson = "32050900000000000001";

    /// <summary>Employee whose 2024 GEN_OTP deductible (300) is already used up; balance 0.</summary>
    public const string Seeded = "36010000000000000008";

    public static readonly DateTime At = new(2025, 3, 10, 9, 0, 0);
    public static readonly DateTime StartUtc = new(2025, 3, 10, 1, 0, 0, DateTimeKind.Utc);

    public TestEngine(ReferenceData? data = null, LedgerOptions? options = null)
    {
        Api = new InProcessSettlementApi(options, () => NowUtc);
        Api.LoadReference(data ?? World());
    }

    /// <summary>The engine's own clock (UTC), moved by the test.</summary>
    public DateTime NowUtc { get; set; } = StartUtc;

    public InProcessSettlementApi Api { get; }

    public static ImmutableArray<PersonSeed> Persons =>
    [
        Seed(Person(Employee), balance: 500m),
        Seed(Person(Employee2)),
        Seed(Person(Resident, insuranceType: InsuranceType.Resident, group: PersonGroup.Resident)),
        Seed(Person(CivilServant, civilServant: true)),
        Seed(Person(Suspended, status: PersonStatus.Suspended)),
        Seed(Person(Chronic, filings: [Filing(FilingType.LongTermReside, Shanghai, Day(2025, 1, 1), Day(2025, 6, 30))],
            chronic: [Qualification(Diabetes)])),
        Seed(Person(ZonePerson, insuredRegion: Wujiang)),
        Seed(Person(Seeded), accumulators: [new AccumulatorFigures(2024, "GEN_OTP", Yuan(300m), Yuan(0m), Yuan(0m))]),
    ];

    public static ReferenceData World(
        RegionSettings? nanchang = null, ImmutableArray<BenefitRule> policies = default) =>
        Data(Persons, nanchang, policies);

    /// <summary>A GEN_OTP bucket's figures (2025 unless told).</summary>
    public static AccumulatorFigures Gen(
        decimal deductibleUsed, decimal fundPaid, decimal civilServantPaid = 0m, int year = 2025) =>
        new(year, "GEN_OTP", Yuan(deductibleUsed), Yuan(fundPaid), Yuan(civilServantPaid));

    public static FeeLine Line(int lineNo, string code, decimal amount, decimal quantity = 1m) =>
        new(lineNo, code, Quantity.FromDecimal(quantity), Quantity.FromDecimal(amount), Yuan(amount));

    public Task<TransactionReply> RegisterAsync(
        string msgId,
        string psnNo = Employee,
        string institution = LocalHospital,
        MedType medType = MedType.General,
        string? disease = null,
        bool emergency = false,
        DateTime? at = null) =>
        Api.RegisterAsync(new RegisterRequest(msgId, institution, psnNo, medType, disease, emergency, at ?? At));

    /// <summary>Registers and returns the visit id, asserting success.</summary>
    public async Task<string> OpenVisitAsync(
        string msgId, string psnNo = Employee, string institution = LocalHospital, DateTime? at = null,
        MedType medType = MedType.General, string? disease = null)
    {
        var reply = await RegisterAsync(msgId, psnNo, institution, medType, disease, at: at);
        Assert.Equal(SettlementStatus.Ok, reply.Status);
        return reply.VisitId!;
    }

    public Task<TransactionReply> UploadAsync(
        string msgId, string visitId, string batch, FeeLine[] lines, string institution = LocalHospital,
        DateTime? at = null) =>
        Api.UploadFeesAsync(new UploadFeesRequest(msgId, institution, visitId, batch, at ?? At, [.. lines]));

    /// <summary>Uploads one 甲类 line (XA01) of <paramref name="amount"/>: fully in scope.</summary>
    public Task<TransactionReply> UploadAsync(
        string msgId, string visitId, string batch, decimal amount, string institution = LocalHospital,
        DateTime? at = null) =>
        UploadAsync(msgId, visitId, batch, [Line(1, "XA01", amount)], institution, at);

    public Task<TransactionReply> CancelFeesAsync(
        string msgId, string visitId, string batch, string institution = LocalHospital, DateTime? at = null) =>
        Api.CancelFeesAsync(new CancelFeesRequest(msgId, institution, visitId, batch, at ?? At));

    public Task<TransactionReply> CancelRegistrationAsync(
        string msgId, string visitId, string institution = LocalHospital, DateTime? at = null) =>
        Api.CancelRegistrationAsync(new CancelRegistrationRequest(msgId, institution, visitId, at ?? At));

    public Task<TransactionReply> PreSettleAsync(
        string visitId, bool useAccount = false, string institution = LocalHospital, DateTime? at = null) =>
        Api.PreSettleAsync(new PreSettleRequest(institution, visitId, useAccount, at ?? At));

    public Task<TransactionReply> SettleAsync(
        string msgId, string visitId, bool useAccount = false, string institution = LocalHospital,
        DateTime? at = null) =>
        Api.SettleAsync(new SettleRequest(msgId, institution, visitId, useAccount, at ?? At));

    public Task<TransactionReply> CancelSettlementAsync(
        string msgId, string settlementId, string institution = LocalHospital, DateTime? at = null) =>
        Api.CancelSettlementAsync(new CancelSettlementRequest(msgId, institution, settlementId, at ?? At));

    public Task<TransactionReply> ReverseAsync(
        string msgId, string originalMsgId, string originalOp = "settle", string institution = LocalHospital,
        DateTime? at = null) =>
        Api.ReverseAsync(new ReverseRequest(msgId, institution, originalMsgId, originalOp, at ?? At));

    /// <summary>
    /// Registers (<c>{prefix}R</c>), uploads one XA01 line of <paramref name="amount"/> as batch B1
    /// (<c>{prefix}U</c>) and settles (<c>{prefix}S</c>), asserting each step; returns the visit and the settle reply.
    /// </summary>
    public async Task<(string VisitId, TransactionReply Settle)> SettledVisitAsync(
        string prefix, decimal amount, bool useAccount = false, string psnNo = Employee,
        string institution = LocalHospital, DateTime? at = null)
    {
        var visitId = await OpenVisitAsync(prefix + "R", psnNo, institution, at);
        Assert.Equal(SettlementStatus.Ok,
            (await UploadAsync(prefix + "U", visitId, "B1", amount, institution, at)).Status);
        var settle = await SettleAsync(prefix + "S", visitId, useAccount, institution, at);
        Assert.Equal(SettlementStatus.Ok, settle.Status);
        return (visitId, settle);
    }

    public async Task<PersonFigures> PersonInfoAsync(string psnNo = Employee, int year = 2025)
    {
        var reply = await Api.PersonInfoAsync(new PersonInfoRequest(LocalHospital, psnNo, year));
        Assert.Equal(SettlementStatus.Ok, reply.Status);
        return reply.Person!;
    }

    /// <summary>The year's figures of <paramref name="bucket"/>, or null when the bucket is all zero.</summary>
    public async Task<AccumulatorFigures?> BucketAsync(
        string psnNo = Employee, int year = 2025, string bucket = "GEN_OTP")
    {
        var person = await PersonInfoAsync(psnNo, year);
        return person.Accumulators.SingleOrDefault(a => a.Bucket == bucket);
    }

    public async Task<ReconciliationFigures> ReconcileAsync(
        DateOnly date, int count = 0, decimal medfee = 0m, decimal fund = 0m, decimal account = 0m,
        string institution = LocalHospital)
    {
        var reply = await Api.ReconcileAsync(
            new ReconcileRequest(institution, date, count, Yuan(medfee), Yuan(fund), Yuan(account)));
        Assert.Equal(SettlementStatus.Ok, reply.Status);
        return reply.Reconciliation!;
    }

    public void Dispose() => Api.Dispose();
}
