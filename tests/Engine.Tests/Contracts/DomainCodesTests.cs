using Engine.Contracts.Domain;

namespace Engine.Tests.Contracts;

public sealed class DomainCodesTests
{
    [Fact]
    public void ToCodeAndTryParse_EverySettlementStatusButOk_RoundTrips()
    {
        foreach (var status in Enum.GetValues<SettlementStatus>().Where(s => s != SettlementStatus.Ok))
        {
            Assert.True(DomainCodes.TryParse(status.ToCode(), out SettlementStatus parsed));
            Assert.Equal(status, parsed);
        }
    }

    [Theory]
    [InlineData(SettlementStatus.InvalidRequest, "INVALID_REQUEST")]
    [InlineData(SettlementStatus.InstitutionNotNetworked, "INSTITUTION_NOT_NETWORKED")]
    [InlineData(SettlementStatus.DuplicateMsgId, "DUPLICATE_MSGID")]
    [InlineData(SettlementStatus.ReversedMsgId, "REVERSED_MSGID")]
    public void ToCode_SettlementStatus_IsTheScenarioErrorCode(SettlementStatus status, string code)
    {
        Assert.Equal(code, status.ToCode());
    }

    [Theory]
    [InlineData("")]
    [InlineData("invalid_request")]
    [InlineData(null)]
    public void TryParse_EmptyOrWrongCaseStatus_Fails(string? code)
    {
        Assert.False(DomainCodes.TryParse(code, out SettlementStatus _));
    }

    [Fact]
    public void ToCode_FilingTypes_MapToTheirCategoriesAndCodes()
    {
        foreach (var type in Enum.GetValues<FilingType>())
        {
            Assert.Equal(type.ToCode(), type.ToCategory().ToCode());
        }
        Assert.True(DomainCodes.TryParse("14", out MedType medType));
        Assert.Equal(MedType.Chronic, medType);
        Assert.False(DomainCodes.TryParse("12", out MedType _));
        Assert.Equal("03", CatalogGrade.C.ToCode());
    }
}
