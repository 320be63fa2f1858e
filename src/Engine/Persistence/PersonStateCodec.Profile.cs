using Engine.Contracts.Domain;
using Engine.Reference;
using MessagePack;

namespace Engine.Persistence;

// The person's reference profile, as the last reference load gave it.
public sealed partial class PersonStateCodec
{
    /// <summary>
    /// PersonProfile: [psnNo str, name str, insuredRegion str, insuranceType int16, personGroup uint8,
    /// civilServant bool, status uint8, filings array of Filing|nil, chronic array of ChronicQualification|nil].
    /// </summary>
    private static void WritePersonProfile(ref MessagePackWriter writer, PersonProfile value)
    {
        writer.WriteArrayHeader(9);
        WriteString(ref writer, value.PsnNo, "PersonProfile.PsnNo");
        WriteString(ref writer, value.Name, "PersonProfile.Name");
        WriteString(ref writer, value.InsuredRegion, "PersonProfile.InsuredRegion");
        writer.Write((short)value.InsuranceType);
        writer.Write((byte)value.PersonGroup);
        writer.Write(value.CivilServant);
        writer.Write((byte)value.Status);
        WriteImmutableArray(ref writer, value.Filings, WriteFiling);
        WriteImmutableArray(ref writer, value.Chronic, WriteChronicQualification);
    }

    private static PersonProfile ReadPersonProfile(ref MessagePackReader reader)
    {
        ReadRecordHeader(ref reader, 9, "PersonProfile");
        var psnNo = ReadString(ref reader, "PersonProfile.PsnNo");
        var name = ReadString(ref reader, "PersonProfile.Name");
        var insuredRegion = ReadCode(ref reader, "PersonProfile.InsuredRegion");
        var insuranceType = (InsuranceType)reader.ReadInt16();
        var personGroup = (PersonGroup)reader.ReadByte();
        var civilServant = reader.ReadBoolean();
        var status = (PersonStatus)reader.ReadByte();
        var filings = ReadImmutableArray(ref reader, ReadFiling);
        var chronic = ReadImmutableArray(ref reader, ReadChronicQualification);
        return new PersonProfile(
            psnNo, name, insuredRegion, insuranceType, personGroup, civilServant, status, filings, chronic);
    }

    /// <summary>Filing: [type uint8, destination str, from DateOnly, to DateOnly|nil].</summary>
    private static void WriteFiling(ref MessagePackWriter writer, Filing value)
    {
        Required(value, "PersonProfile.Filings[]");
        writer.WriteArrayHeader(4);
        writer.Write((byte)value.Type);
        WriteString(ref writer, value.Destination, "Filing.Destination");
        WriteDate(ref writer, value.From);
        WriteOptionalDate(ref writer, value.To);
    }

    private static Filing ReadFiling(ref MessagePackReader reader)
    {
        ReadRecordHeader(ref reader, 4, "Filing");
        var type = (FilingType)reader.ReadByte();
        var destination = ReadCode(ref reader, "Filing.Destination");
        var from = ReadDate(ref reader);
        var to = ReadOptionalDate(ref reader);
        return new Filing(type, destination, from, to);
    }

    /// <summary>ChronicQualification: [disease str, from DateOnly, to DateOnly|nil].</summary>
    private static void WriteChronicQualification(ref MessagePackWriter writer, ChronicQualification value)
    {
        Required(value, "PersonProfile.Chronic[]");
        writer.WriteArrayHeader(3);
        WriteString(ref writer, value.Disease, "ChronicQualification.Disease");
        WriteDate(ref writer, value.From);
        WriteOptionalDate(ref writer, value.To);
    }

    private static ChronicQualification ReadChronicQualification(ref MessagePackReader reader)
    {
        ReadRecordHeader(ref reader, 3, "ChronicQualification");
        var disease = ReadCode(ref reader, "ChronicQualification.Disease");
        var from = ReadDate(ref reader);
        var to = ReadOptionalDate(ref reader);
        return new ChronicQualification(disease, from, to);
    }
}
