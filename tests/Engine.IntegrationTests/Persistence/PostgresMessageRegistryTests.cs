using Engine.IntegrationTests.Infrastructure;
using Engine.Lifecycle;
using Engine.Messaging;
using Npgsql;

namespace Engine.IntegrationTests.Persistence;

/// <summary>
/// The msgId registry on a real PostgreSQL, with claims group-committed: whatever the batching, exactly one
/// claimant wins a msgId, and a claim and a tombstone of the same msgId never both win.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresMessageRegistryTests(PostgresServer postgres)
{
    private static readonly DateTime Now = new(2026, 11, 25, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Claim_SameMsgIdByManyPersonsAtOnce_ExactlyOneWinsAndTheOthersSeeIt()
    {
        await using var dataSource = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync());
        await using var registry = new PostgresMessageRegistry(dataSource);
        var key = new MessageKey("H1", "M1");

        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(i =>
            registry.ClaimAsync(key, "P" + i, Now).AsTask()));

        var winners = results.Count(r => r is null);
        Assert.Equal(1, winners);
        var winner = "P" + Array.FindIndex(results, r => r is null);
        Assert.All(results.Where(r => r is not null), r => Assert.Equal(winner, r!.PsnNo));
        Assert.Null(await registry.ClaimAsync(key, winner, Now)); // The winner claiming again is still its own.
    }

    [Fact]
    public async Task Claim_ThousandsOfDistinctMsgIdsConcurrently_AllWinInFewerCommits()
    {
        await using var dataSource = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync());
        await using var registry = new PostgresMessageRegistry(dataSource);

        var results = await Task.WhenAll(Enumerable.Range(0, 2_000).Select(i =>
            registry.ClaimAsync(new MessageKey("H1", "M" + i), "P" + i, Now).AsTask()));

        Assert.All(results, Assert.Null);
        Assert.True(registry.ClaimCommitCount < 2_000, $"{registry.ClaimCommitCount} commits for 2,000 claims");
    }

    [Fact]
    public async Task ClaimAndTombstone_RacingOnOneMsgId_NeverBothWin()
    {
        await using var dataSource = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync());
        await using var registry = new PostgresMessageRegistry(dataSource);
        for (var i = 0; i < 200; i++)
        {
            var key = new MessageKey("H1", "R" + i);

            var claim = registry.ClaimAsync(key, "P1", Now).AsTask();
            var tombstone = registry.TombstoneAsync(key, Now).AsTask();
            await Task.WhenAll(claim, tombstone);

            var claimWon = await claim is null;
            var tombstoneWon = await tombstone is null;
            Assert.True(claimWon ^ tombstoneWon, $"{key}: claim {claimWon}, tombstone {tombstoneWon}");
        }
    }
}
