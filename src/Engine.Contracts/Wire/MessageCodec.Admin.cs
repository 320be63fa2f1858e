using System.Collections.Immutable;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.Reference;
using MessagePack;
using static Engine.Contracts.Wire.WireFields;

namespace Engine.Contracts.Wire;

// Admin bodies (docs/protocol.md §12): reference upsert, clearing, reconcile-any.
public static partial class MessageCodec
{
    private const int BenefitRulePositions = 12;
    private const int PersonProfilePositions = 9;

    /// <summary>9103: [institution str, date int32, count int32, medfeeSum int64, fundPaySum int64, acctPaySum
    /// int64].</summary>
    public static void WriteReconcileAny(ref MessagePackWriter writer, ReconcileRequest value)
    {
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteArrayHeader(6);
        WriteString(ref writer, value.Institution, "institution");
        WriteReconcileFigures(ref writer, value);
    }

    /// <summary>Reads a 9103 request: the institution is on the wire.</summary>
    public static ReconcileRequest ReadReconcileAny(ref MessagePackReader reader)
    {
        try
        {
            ReadRecordHeader(ref reader, 6, "9103");
            var institution = ReadString(ref reader, "institution");
            return ReadReconcileFigures(ref reader, institution);
        }
        catch (Exception exception) when (IsLowLevel(exception))
        {
            throw Malformed(exception);
        }
    }

    /// <summary>9102: [year int32, month int32].</summary>
    public static void Write(ref MessagePackWriter writer, ClearingRequestBody value)
    {
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteArrayHeader(2);
        writer.Write(value.Year);
        writer.Write(value.Month);
    }

    /// <summary>Reads a 9102 request; year 1 to 9999, month 1 to 12.</summary>
    public static ClearingRequestBody ReadClearingRequest(ref MessagePackReader reader)
    {
        try
        {
            ReadRecordHeader(ref reader, 2, "9102");
            var year = ReadInt32In(ref reader, 1, 9999, "year");
            var month = ReadInt32In(ref reader, 1, 12, "month");
            return new ClearingRequestBody(year, month);
        }
        catch (Exception exception) when (IsLowLevel(exception))
        {
            throw Malformed(exception);
        }
    }

    /// <summary>9102 reply: array (≤ 10 000) of ClearingLine [insuredRegion str, treatmentRegion str, count int32,
    /// medfeeSum int64, pooledFundSum int64, civilServantSum int64, accountSum int64].</summary>
    public static void Write(ref MessagePackWriter writer, ImmutableArray<ClearingLine> value)
    {
        var lines = OrEmpty(value);
        WriteArrayHeader(ref writer, lines.Length, ProtocolLimits.CollectionLengthMax, "clearing lines");
        foreach (var line in lines)
        {
            ArgumentNullException.ThrowIfNull(line, "clearing lines[]");
            writer.WriteArrayHeader(7);
            WriteString(ref writer, line.InsuredRegion, "insuredRegion");
            WriteString(ref writer, line.TreatmentRegion, "treatmentRegion");
            writer.Write(line.Count);
            WriteMoney(ref writer, line.MedfeeSum);
            WriteMoney(ref writer, line.PooledFundSum);
            WriteMoney(ref writer, line.CivilServantSum);
            WriteMoney(ref writer, line.AccountSum);
        }
    }

    /// <summary>Reads the 9102 reply.</summary>
    public static ImmutableArray<ClearingLine> ReadClearingLines(ref MessagePackReader reader)
    {
        try
        {
            return ReadList(ref reader, ProtocolLimits.CollectionLengthMax, "clearing lines", ReadClearingLine);
        }
        catch (Exception exception) when (IsLowLevel(exception))
        {
            throw Malformed(exception);
        }
    }

    /// <summary>9101 reply: [version uint64].</summary>
    public static void Write(ref MessagePackWriter writer, ReferenceUpsertReplyBody value)
    {
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteArrayHeader(1);
        writer.Write(value.Version);
    }

    /// <summary>Reads the 9101 reply.</summary>
    public static ReferenceUpsertReplyBody ReadReferenceUpsertReply(ref MessagePackReader reader)
    {
        try
        {
            ReadRecordHeader(ref reader, 1, "9101 reply");
            return new ReferenceUpsertReplyBody(reader.ReadUInt64());
        }
        catch (Exception exception) when (IsLowLevel(exception))
        {
            throw Malformed(exception);
        }
    }

    /// <summary>9101: one chunk of reference data, [regions, noFilingZones, policies, catalog, institutions,
    /// persons], each an array (≤ 10 000) in file order; the element layouts are in docs/protocol.md §12.1.</summary>
    public static void Write(ref MessagePackWriter writer, ReferenceData value)
    {
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteArrayHeader(6);
        WriteList(ref writer, value.Regions, "regions", WriteRegion);
        WriteList(ref writer, value.NoFilingZones, "noFilingZones", WriteZone);
        WriteList(ref writer, value.Policies, "policies", WriteBenefitRule);
        WriteList(ref writer, value.Catalog, "catalog", WriteCatalogEntry);
        WriteList(ref writer, value.Institutions, "institutions", WriteInstitution);
        WriteList(ref writer, value.Persons, "persons", WritePersonSeed);
    }

    /// <summary>Reads a 9101 chunk. Every enum must be a number docs/protocol.md §12.1 lists.</summary>
    public static ReferenceData ReadReferenceData(ref MessagePackReader reader)
    {
        try
        {
            ReadRecordHeader(ref reader, 6, "ReferenceData");
            var regions = ReadList(ref reader, ProtocolLimits.CollectionLengthMax, "regions", ReadRegion);
            var zones = ReadList(ref reader, ProtocolLimits.CollectionLengthMax, "noFilingZones", ReadZone);
            var policies = ReadList(ref reader, ProtocolLimits.CollectionLengthMax, "policies", ReadBenefitRule);
            var catalog = ReadList(ref reader, ProtocolLimits.CollectionLengthMax, "catalog", ReadCatalogEntry);
            var institutions = ReadList(ref reader, ProtocolLimits.CollectionLengthMax, "institutions",
                ReadInstitution);
            var persons = ReadList(ref reader, ProtocolLimits.CollectionLengthMax, "persons", ReadPersonSeed);
            return new ReferenceData(regions, zones, policies, catalog, institutions, persons);
        }
        catch (Exception exception) when (IsLowLevel(exception))
        {
            throw Malformed(exception);
        }
    }

    private static void WriteList<T>(ref MessagePackWriter writer, ImmutableArray<T> values, string name,
        BodyWriter<T> write)
    {
        var items = OrEmpty(values);
        WriteArrayHeader(ref writer, items.Length, ProtocolLimits.CollectionLengthMax, name);
        foreach (var item in items)
        {
            if (item is null) throw new ArgumentNullException(name, $"{name} holds a null element.");
            write(ref writer, item);
        }
    }

    private static ClearingLine ReadClearingLine(ref MessagePackReader reader)
    {
        ReadRecordHeader(ref reader, 7, "ClearingLine");
        var insuredRegion = ReadCode(ref reader, "insuredRegion");
        var treatmentRegion = ReadCode(ref reader, "treatmentRegion");
        var count = reader.ReadInt32();
        var medfeeSum = ReadMoney(ref reader, "medfeeSum");
        var pooledFundSum = ReadMoney(ref reader, "pooledFundSum");
        var civilServantSum = ReadMoney(ref reader, "civilServantSum");
        var accountSum = ReadMoney(ref reader, "accountSum");
        return new ClearingLine(insuredRegion, treatmentRegion, count, medfeeSum, pooledFundSum, civilServantSum,
            accountSum);
    }

    private static void WriteRegion(ref MessagePackWriter writer, Region value)
    {
        writer.WriteArrayHeader(4);
        WriteString(ref writer, value.Code, "region.code");
        WriteString(ref writer, value.Name, "region.name");
        WriteOptionalString(ref writer, value.Parent, "region.parent");
        if (value.Settings is not { } settings)
        {
            writer.WriteNil();
            return;
        }
        writer.WriteArrayHeader(7);
        writer.Write((byte)settings.Unfiled);
        writer.Write((byte)settings.ReductionMode);
        WriteRatio(ref writer, settings.ReductionReferral);
        WriteRatio(ref writer, settings.ReductionEmergency);
        WriteRatio(ref writer, settings.ReductionOther);
        WriteRatio(ref writer, settings.CivilServantRatio);
        writer.Write(settings.InProvinceNoFiling);
    }

    private static Region ReadRegion(ref MessagePackReader reader)
    {
        ReadRecordHeader(ref reader, 4, "Region");
        var code = ReadCode(ref reader, "region.code");
        var name = ReadString(ref reader, "region.name");
        var parent = ReadOptionalCode(ref reader, "region.parent");
        if (reader.TryReadNil()) return new Region(code, name, parent, null);
        ReadRecordHeader(ref reader, 7, "RegionSettings");
        var settings = new RegionSettings
        {
            Unfiled = (UnfiledPolicy)ReadInt32In(ref reader, 0, (int)UnfiledPolicy.Reject, "unfiled"),
            ReductionMode = (ReductionMode)ReadInt32In(ref reader, 0, (int)ReductionMode.ExtraPreSelfPay,
                "reductionMode"),
            ReductionReferral = ReadRatio(ref reader, "reductionReferral"),
            ReductionEmergency = ReadRatio(ref reader, "reductionEmergency"),
            ReductionOther = ReadRatio(ref reader, "reductionOther"),
            CivilServantRatio = ReadRatio(ref reader, "civilServantRatio"),
            InProvinceNoFiling = reader.ReadBoolean(),
        };
        return new Region(code, name, parent, settings);
    }

    private static void WriteZone(ref MessagePackWriter writer, ImmutableArray<string> value)
    {
        var codes = OrEmpty(value);
        WriteArrayHeader(ref writer, codes.Length, ProtocolLimits.CollectionLengthMax, "noFilingZones[]");
        foreach (var code in codes) WriteString(ref writer, code, "noFilingZones[][]");
    }

    private static ImmutableArray<string> ReadZone(ref MessagePackReader reader) =>
        ReadList(ref reader, ProtocolLimits.CollectionLengthMax, "noFilingZones[]", ReadZoneCode);

    private static string ReadZoneCode(ref MessagePackReader reader) => ReadCode(ref reader, "noFilingZones[][]");

    private static void WriteBenefitRule(ref MessagePackWriter writer, BenefitRule value)
    {
        writer.WriteArrayHeader(BenefitRulePositions);
        WriteString(ref writer, value.Region, "policy.region");
        writer.Write((short)value.InsuranceType);
        writer.Write((byte)value.MedType);
        WriteOptionalString(ref writer, value.Disease, "policy.disease");
        writer.Write((byte)value.PersonGroup);
        WriteDate(ref writer, value.EffectiveFrom);
        WriteOptionalDate(ref writer, value.EffectiveTo);
        WriteMoney(ref writer, value.Deductible);
        WriteOptionalRatio(ref writer, value.RatioLevel1);
        WriteOptionalRatio(ref writer, value.RatioLevel2);
        WriteOptionalRatio(ref writer, value.RatioLevel3);
        WriteOptionalMoney(ref writer, value.AnnualCap);
    }

    private static BenefitRule ReadBenefitRule(ref MessagePackReader reader)
    {
        ReadRecordHeader(ref reader, BenefitRulePositions, "BenefitRule");
        var region = ReadCode(ref reader, "policy.region");
        var insuranceType = ReadInsuranceType(ref reader);
        var medType = ReadMedType(ref reader);
        var disease = ReadOptionalCode(ref reader, "policy.disease");
        var personGroup = (PersonGroup)ReadInt32In(ref reader, 0, (int)PersonGroup.Resident, "policy.personGroup");
        var effectiveFrom = ReadDate(ref reader);
        var effectiveTo = ReadOptionalDate(ref reader);
        var deductible = ReadMoney(ref reader, "policy.deductible");
        var ratioLevel1 = ReadOptionalRatio(ref reader, "policy.ratioLevel1");
        var ratioLevel2 = ReadOptionalRatio(ref reader, "policy.ratioLevel2");
        var ratioLevel3 = ReadOptionalRatio(ref reader, "policy.ratioLevel3");
        var annualCap = ReadOptionalMoney(ref reader, "policy.annualCap");
        return new BenefitRule(region, insuranceType, medType, disease, personGroup, effectiveFrom, effectiveTo,
            deductible, ratioLevel1, ratioLevel2, ratioLevel3, annualCap);
    }

    private static void WriteCatalogEntry(ref MessagePackWriter writer, CatalogEntry value)
    {
        writer.WriteArrayHeader(6);
        WriteString(ref writer, value.Region, "catalog.region");
        WriteString(ref writer, value.Code, "catalog.code");
        WriteString(ref writer, value.Name, "catalog.name");
        writer.Write((byte)value.Grade);
        WriteRatio(ref writer, value.SelfPayRatio);
        WriteOptionalMoney(ref writer, value.PriceCap);
    }

    private static CatalogEntry ReadCatalogEntry(ref MessagePackReader reader)
    {
        ReadRecordHeader(ref reader, 6, "CatalogEntry");
        var region = ReadCode(ref reader, "catalog.region");
        var code = ReadString(ref reader, "catalog.code");
        var name = ReadString(ref reader, "catalog.name");
        var grade = ReadCatalogGrade(ref reader);
        var selfPayRatio = ReadRatio(ref reader, "catalog.selfPayRatio");
        var priceCap = ReadOptionalMoney(ref reader, "catalog.priceCap");
        return new CatalogEntry(region, code, name, grade, selfPayRatio, priceCap);
    }

    private static void WriteInstitution(ref MessagePackWriter writer, Institution value)
    {
        writer.WriteArrayHeader(6);
        WriteString(ref writer, value.Code, "institution.code");
        WriteString(ref writer, value.Name, "institution.name");
        WriteString(ref writer, value.Region, "institution.region");
        writer.Write(value.Level);
        writer.Write(value.CrossProvince);
        writer.Write(value.ChronicDesignated);
    }

    private static Institution ReadInstitution(ref MessagePackReader reader)
    {
        ReadRecordHeader(ref reader, 6, "Institution");
        var code = ReadString(ref reader, "institution.code");
        var name = ReadString(ref reader, "institution.name");
        var region = ReadCode(ref reader, "institution.region");
        var level = ReadInt32In(ref reader, 1, 3, "institution.level");
        var crossProvince = reader.ReadBoolean();
        var chronicDesignated = reader.ReadBoolean();
        return new Institution(code, name, region, level, crossProvince, chronicDesignated);
    }

    private static void WritePersonSeed(ref MessagePackWriter writer, PersonSeed value)
    {
        ArgumentNullException.ThrowIfNull(value.Profile, "persons[].profile");
        var profile = value.Profile;
        writer.WriteArrayHeader(3);
        writer.WriteArrayHeader(PersonProfilePositions);
        WriteString(ref writer, profile.PsnNo, "person.psnNo");
        WriteString(ref writer, profile.Name, "person.name");
        WriteString(ref writer, profile.InsuredRegion, "person.insuredRegion");
        writer.Write((short)profile.InsuranceType);
        writer.Write((byte)profile.PersonGroup);
        writer.Write(profile.CivilServant);
        writer.Write((byte)profile.Status);
        WriteList(ref writer, profile.Filings, "person.filings", WriteFiling);
        WriteList(ref writer, profile.Chronic, "person.chronic", WriteChronic);
        WriteMoney(ref writer, value.AccountBalance);
        WriteList(ref writer, value.Accumulators, "person.accumulators", WriteAccumulatorFigures);
    }

    private static PersonSeed ReadPersonSeed(ref MessagePackReader reader)
    {
        ReadRecordHeader(ref reader, 3, "PersonSeed");
        ReadRecordHeader(ref reader, PersonProfilePositions, "PersonProfile");
        var psnNo = ReadString(ref reader, "person.psnNo");
        var name = ReadString(ref reader, "person.name");
        var insuredRegion = ReadCode(ref reader, "person.insuredRegion");
        var insuranceType = ReadInsuranceType(ref reader);
        var personGroup = (PersonGroup)ReadInt32In(
            ref reader, (int)PersonGroup.Active, (int)PersonGroup.Resident, "person.personGroup");
        var civilServant = reader.ReadBoolean();
        var status = (PersonStatus)ReadInt32In(ref reader, 0, (int)PersonStatus.Suspended, "person.status");
        var filings = ReadList(ref reader, ProtocolLimits.CollectionLengthMax, "person.filings", ReadFiling);
        var chronic = ReadList(ref reader, ProtocolLimits.CollectionLengthMax, "person.chronic", ReadChronic);
        var profile = new PersonProfile(
            psnNo, name, insuredRegion, insuranceType, personGroup, civilServant, status, filings, chronic);
        var accountBalance = ReadMoney(ref reader, "person.accountBalance");
        var accumulators = ReadList(
            ref reader, ProtocolLimits.CollectionLengthMax, "person.accumulators", ReadAccumulatorFigures);
        return new PersonSeed(profile, accountBalance, accumulators);
    }

    private static void WriteFiling(ref MessagePackWriter writer, Filing value)
    {
        writer.WriteArrayHeader(4);
        writer.Write((byte)value.Type);
        WriteString(ref writer, value.Destination, "filing.destination");
        WriteDate(ref writer, value.From);
        WriteOptionalDate(ref writer, value.To);
    }

    private static Filing ReadFiling(ref MessagePackReader reader)
    {
        ReadRecordHeader(ref reader, 4, "Filing");
        var type = (FilingType)ReadInt32In(ref reader, 0, (int)FilingType.TemporaryOther, "filing.type");
        var destination = ReadCode(ref reader, "filing.destination");
        var from = ReadDate(ref reader);
        var to = ReadOptionalDate(ref reader);
        return new Filing(type, destination, from, to);
    }

    private static void WriteChronic(ref MessagePackWriter writer, ChronicQualification value)
    {
        writer.WriteArrayHeader(3);
        WriteString(ref writer, value.Disease, "chronic.disease");
        WriteDate(ref writer, value.From);
        WriteOptionalDate(ref writer, value.To);
    }

    private static ChronicQualification ReadChronic(ref MessagePackReader reader)
    {
        ReadRecordHeader(ref reader, 3, "ChronicQualification");
        var disease = ReadCode(ref reader, "chronic.disease");
        var from = ReadDate(ref reader);
        var to = ReadOptionalDate(ref reader);
        return new ChronicQualification(disease, from, to);
    }

    private static InsuranceType ReadInsuranceType(ref MessagePackReader reader)
    {
        var value = reader.ReadInt32();
        if (value is not ((int)InsuranceType.Employee or (int)InsuranceType.Resident))
        {
            ThrowOutOfRange("insuranceType", value);
        }
        return (InsuranceType)value;
    }

    private static MedType ReadMedType(ref MessagePackReader reader)
    {
        var value = reader.ReadInt32();
        if (value is not ((int)MedType.General or (int)MedType.Chronic)) ThrowOutOfRange("medType", value);
        return (MedType)value;
    }
}
