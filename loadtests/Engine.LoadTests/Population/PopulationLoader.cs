using System.Diagnostics;
using Engine.Client;
using Engine.Contracts.Wire;
using Engine.Reference;

namespace Engine.LoadTests.Population;

/// <summary>
/// Loads the population through the admin messages: the regions, policies, catalogue and institutions with
/// <see cref="AdminClient.UpsertReferenceAsync"/>, then the persons in chunks of
/// <see cref="ProtocolLimits.ReferencePersonsPerChunk"/> over several admin connections at once (each chunk is an
/// independent upsert).
/// </summary>
internal static class PopulationLoader
{
    public static async Task LoadAsync(SyntheticPopulation population, string host, int port, string adminSecret,
        int parallelism, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        AdminClient Client() => new(new AdminClientOptions { Host = host, Port = port, Secret = adminSecret, TerminalId = "loadtest-admin" });
        await using (var admin = Client())
        {
            await admin.UpsertReferenceAsync(population.Reference with { Persons = [] }, cancellationToken);
        }
        var persons = population.Reference.Persons;
        var chunkSize = ProtocolLimits.ReferencePersonsPerChunk;
        var chunks = (persons.Length + chunkSize - 1) / chunkSize;
        var next = -1;
        var done = 0;
        using var progress = new Timer(_ => Console.WriteLine(
            $"loading persons: {Volatile.Read(ref done) * chunkSize:N0} of {persons.Length:N0} ({stopwatch.Elapsed.TotalSeconds:0}s)"),
            null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
        var workers = Enumerable.Range(0, Math.Max(1, parallelism)).Select(async _ =>
        {
            await using var admin = Client();
            while (true)
            {
                var chunk = Interlocked.Increment(ref next);
                if (chunk >= chunks) return;
                var start = chunk * chunkSize;
                var slice = persons.Slice(start, Math.Min(chunkSize, persons.Length - start));
                await admin.UpsertReferenceAsync(ReferenceData.Empty with { Persons = slice }, cancellationToken);
                Interlocked.Increment(ref done);
            }
        }).ToArray();
        await Task.WhenAll(workers);
        Console.WriteLine($"population loaded: {persons.Length:N0} persons, {population.Reference.Institutions.Length} " +
            $"institutions, {population.Reference.Catalog.Length:N0} catalogue entries in {stopwatch.Elapsed.TotalSeconds:0.0}s");
    }
}
