using Engine.Grains;
using Engine.Lifecycle;
using Engine.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Engine.Tests.Persistence;

/// <summary>
/// Goal: the storages store the person state in its own codec's format and every other state in Orleans' format,
/// and a person state stored in Orleans' format before the codec existed still reads.
/// </summary>
public sealed class GrainStateCodecsTests : IDisposable
{
    private readonly ServiceProvider services = new ServiceCollection().AddSerializer().BuildServiceProvider();

    private Serializer Serializer => services.GetRequiredService<Serializer>();

    [Fact]
    public async Task Encode_PersonState_IsInThePersonStateCodecsFormat()
    {
        var codecs = new GrainStateCodecs(Serializer, [PersonStateCodec.Instance]);
        var state = await PersonStates.BusyAsync();

        var stored = codecs.Encode(state);

        Assert.Equal(PersonStateCodec.Encode(state), stored);
        GraphEquivalence.AssertEquivalent(state, codecs.Decode<PersonState>(stored));
    }

    [Fact]
    public void Encode_StateWithoutACodec_IsInOrleansFormat()
    {
        var codecs = new GrainStateCodecs(Serializer, [PersonStateCodec.Instance]);
        var state = new ReferenceState { Version = 7 };

        var stored = codecs.Encode(state);

        Assert.Equal(Serializer.SerializeToArray(state), stored);
        Assert.Equal(7, codecs.Decode<ReferenceState>(stored)!.Version);
    }

    [Fact]
    public async Task Decode_PersonStateStoredInOrleansFormatBeforeTheCodec_ReadsIt()
    {
        var codecs = new GrainStateCodecs(Serializer, [PersonStateCodec.Instance]);
        var state = await PersonStates.BusyAsync();
        var storedBefore = Serializer.SerializeToArray(state);
        Assert.False(PersonStateCodec.IsPersonStateBlob(storedBefore));

        var read = codecs.Decode<PersonState>(storedBefore)!;

        GraphEquivalence.AssertEquivalent(state, read);
        Assert.True(PersonStateCodec.IsPersonStateBlob(codecs.Encode(read))); // The next write converts it.
    }

    [Fact]
    public void Decode_PersonStateInOrleansFormatWrittenWhileRepliesWereObjects_ReadsIt()
    {
        // Orleans' bytes of PersonStates.Edges() as commit cff3a4a wrote them, when the log held each reply as its
        // objects: the reply fields must still read (StoredReplyOrleansCodec), and a state written now reads back.
        var before = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Persistence", "Fixtures",
            "person-state-edges.orleans.bin"));
        var codecs = new GrainStateCodecs(Serializer, [PersonStateCodec.Instance]);

        GraphEquivalence.AssertEquivalent(PersonStates.Edges(), codecs.Decode<PersonState>(before)!);
        var now = Serializer.SerializeToArray(PersonStates.Edges());
        GraphEquivalence.AssertEquivalent(PersonStates.Edges(), codecs.Decode<PersonState>(now)!);
    }

    [Fact]
    public void New_TwoCodecsOfOneStateType_Throws()
    {
        Assert.Throws<ArgumentException>(
            () => new GrainStateCodecs(Serializer, [PersonStateCodec.Instance, PersonStateCodec.Instance]));
    }

    public void Dispose() => services.Dispose();
}
