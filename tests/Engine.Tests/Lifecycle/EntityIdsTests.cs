using Engine.Lifecycle;

namespace Engine.Tests.Lifecycle;

public sealed class EntityIdsTests
{
    [Fact]
    public void VisitAndSettlement_PersonAndSequence_CarryThePerson()
    {
        Assert.Equal("36010000000000000001-V7", EntityIds.Visit("36010000000000000001", 7));
        Assert.Equal("36010000000000000001-S12", EntityIds.Settlement("36010000000000000001", 12));
    }

    [Theory]
    [InlineData("36010000000000000001-V7", "36010000000000000001")]
    [InlineData("36010000000000000001-S12", "36010000000000000001")]
    [InlineData("A-B-V1", "A-B")]
    public void PersonOf_OurIds_ReturnsThePerson(string id, string psnNo)
    {
        Assert.Equal(psnNo, EntityIds.PersonOf(id));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("-V1")]
    [InlineData("P-V")]
    [InlineData("P-X1")]
    [InlineData("P-V1a")]
    [InlineData("P-v1")]
    public void PersonOf_ForeignIds_IsNull(string? id)
    {
        Assert.Null(EntityIds.PersonOf(id));
    }
}
