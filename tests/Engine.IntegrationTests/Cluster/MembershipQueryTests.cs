using System.Net;
using Engine.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Runtime.Membership;
using Orleans.Runtime.MembershipService;

namespace Engine.IntegrationTests.Cluster;

/// <summary>
/// The schema's clustering queries driven through Orleans' own ADO.NET membership table and gateway list provider
/// (the classes a silo uses), so every query key, parameter name and result column is checked against the provider.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class MembershipQueryTests(PostgresServer postgres)
{
    private static readonly DateTime Start = Truncate(DateTime.UtcNow.AddHours(-1));

    [Fact]
    public async Task InitializeInsertRead_NewCluster_VersionRowOnceThenOneMemberRoundTrips()
    {
        var database = await postgres.CreateDatabaseAsync();
        var table = Table(database, "c1");

        await table.InitializeMembershipTableAsync(tryInitTableVersion: true, None);
        await table.InitializeMembershipTableAsync(tryInitTableVersion: true, None); // A second silo: the row exists already.
        var empty = await table.ReadAllAsync(None);
        var entry = Entry(11111, SiloStatus.Joining);
        var inserted = await table.InsertRowAsync(entry, empty.Version.Next(), None);
        var read = await table.ReadRowAsync(entry.SiloAddress, None);

        Assert.Empty(empty.Members);
        Assert.Equal(0, empty.Version.Version);
        Assert.True(inserted);
        Assert.Equal(1, read.Version.Version);
        var (member, _) = Assert.Single(read.Members);
        Assert.Equal(entry.SiloAddress, member.SiloAddress);
        Assert.Equal((entry.SiloName, entry.HostName, entry.Status, entry.ProxyPort),
            (member.SiloName, member.HostName, member.Status, member.ProxyPort));
        Assert.Equal((entry.StartTime, entry.IAmAliveTime), (member.StartTime, member.IAmAliveTime));
        Assert.Null(member.SuspectTimes);
    }

    [Fact]
    public async Task InsertRow_StaleVersionOrSameSiloAgain_FalseAndNothingChanges()
    {
        var database = await postgres.CreateDatabaseAsync();
        var table = await InitializedTableAsync(database, "c1");
        var empty = await table.ReadAllAsync(None);
        Assert.True(await table.InsertRowAsync(Entry(11111, SiloStatus.Joining), empty.Version.Next(), None));

        var stale = await table.InsertRowAsync(Entry(11112, SiloStatus.Joining), empty.Version.Next(), None);
        var again = await AddAsync(table, Entry(11111, SiloStatus.Joining));

        Assert.False(stale);
        Assert.False(again);
        var after = await table.ReadAllAsync(None);
        Assert.Equal(1, after.Version.Version);
        Assert.Single(after.Members);
    }

    [Fact]
    public async Task UpdateRow_CurrentVersion_ChangesStatusAndSuspicionsOnce()
    {
        var database = await postgres.CreateDatabaseAsync();
        var table = await InitializedTableAsync(database, "c1");
        var entry = Entry(11111, SiloStatus.Joining);
        Assert.True(await AddAsync(table, entry));
        var before = await table.ReadAllAsync(None);
        var etag = before.Members[0].Item2;
        var suspecter = SiloAddress.New(IPAddress.Loopback, 11112, 7);
        entry.Status = SiloStatus.Active;
        entry.SuspectTimes = [Tuple.Create(suspecter, Start.AddMinutes(5))];

        var updated = await table.UpdateRowAsync(entry, etag, before.Version.Next(), None);
        var stale = await table.UpdateRowAsync(entry, etag, before.Version.Next(), None);

        Assert.True(updated);
        Assert.False(stale);
        var after = await table.ReadRowAsync(entry.SiloAddress, None);
        Assert.Equal(2, after.Version.Version);
        var (member, _) = Assert.Single(after.Members);
        Assert.Equal(SiloStatus.Active, member.Status);
        Assert.NotNull(member.SuspectTimes);
        var suspicion = Assert.Single(member.SuspectTimes);
        Assert.Equal(suspecter, suspicion.Item1);
    }

    [Fact]
    public async Task UpdateIAmAlive_NewerThenOlder_KeepsTheNewestAndLeavesTheVersion()
    {
        var database = await postgres.CreateDatabaseAsync();
        var table = await InitializedTableAsync(database, "c1");
        var entry = Entry(11111, SiloStatus.Active);
        Assert.True(await AddAsync(table, entry));

        entry.IAmAliveTime = Start.AddMinutes(10);
        await table.UpdateIAmAliveAsync(entry, None);
        entry.IAmAliveTime = Start.AddMinutes(3); // A late heartbeat never moves the time back.
        await table.UpdateIAmAliveAsync(entry, None);

        var read = await table.ReadRowAsync(entry.SiloAddress, None);
        Assert.Equal(Start.AddMinutes(10), read.Members[0].Item1.IAmAliveTime);
        Assert.Equal(1, read.Version.Version);
    }

    [Fact]
    public async Task GetGateways_ActiveAndDeadSilos_OnlyActiveGatewaysOfThisCluster()
    {
        var database = await postgres.CreateDatabaseAsync();
        var table = await InitializedTableAsync(database, "c1");
        var other = await InitializedTableAsync(database, "c2");
        Assert.True(await AddAsync(table, Entry(11111, SiloStatus.Active, proxyPort: 30001)));
        Assert.True(await AddAsync(table, Entry(11112, SiloStatus.Dead, proxyPort: 30002)));
        Assert.True(await AddAsync(other, Entry(11113, SiloStatus.Active, proxyPort: 30003)));
        var gateways = new AdoNetGatewayListProvider(NullLogger<AdoNetGatewayListProvider>.Instance, EmptyServices(),
            Options.Create(new AdoNetClusteringClientOptions { Invariant = "Npgsql", ConnectionString = database }),
            Options.Create(new GatewayOptions()), Options.Create(new ClusterOptions { ClusterId = "c1", ServiceId = "s" }));
        await gateways.InitializeGatewayListProviderAsync(None);

        var uris = await gateways.GetGatewaysAsync(None);

        var uri = Assert.Single(uris);
        Assert.Equal(30001, uri.Port);
        Assert.Equal("127.0.0.1", uri.Host);
    }

    [Fact]
    public async Task CleanupDefunctSiloEntries_OldDeadRecentDeadAndActive_OnlyTheOldDeadRowGoes()
    {
        var database = await postgres.CreateDatabaseAsync();
        var table = await InitializedTableAsync(database, "c1");
        var oldDead = Entry(11111, SiloStatus.Dead);
        var recentDead = Entry(11112, SiloStatus.Dead, iAmAlive: Start.AddMinutes(50));
        var active = Entry(11113, SiloStatus.Active);
        foreach (var entry in new[] { oldDead, recentDead, active })
        {
            Assert.True(await AddAsync(table, entry));
        }

        await table.CleanupDefunctSiloEntriesAsync(new DateTimeOffset(Start.AddMinutes(30)), None);

        var ports = (await table.ReadAllAsync(None)).Members.Select(m => m.Item1.SiloAddress.Endpoint.Port).Order();
        Assert.Equal([11112, 11113], ports);
    }

    [Fact]
    public async Task DeleteMembershipTableEntries_OneCluster_RemovesItsRowsAndVersionOnly()
    {
        var database = await postgres.CreateDatabaseAsync();
        var table = await InitializedTableAsync(database, "c1");
        var other = await InitializedTableAsync(database, "c2");
        Assert.True(await AddAsync(table, Entry(11111, SiloStatus.Active)));
        Assert.True(await AddAsync(other, Entry(11112, SiloStatus.Active)));

        await table.DeleteMembershipTableEntriesAsync("c1", None);

        Assert.Equal(0L, await CountAsync(database, "SELECT count(*) FROM engine_membership WHERE deployment_id = 'c1'"));
        Assert.Equal(0L, await CountAsync(database, "SELECT count(*) FROM engine_membership_version WHERE deployment_id = 'c1'"));
        Assert.Single((await other.ReadAllAsync(None)).Members);
    }

    [Fact]
    public async Task QueryKeys_AfterSchemaApply_AllTenClusteringKeysPresent()
    {
        var database = await postgres.CreateDatabaseAsync();

        var count = await CountAsync(database, "SELECT count(*) FROM orleansquery WHERE querykey IN (" +
            "'UpdateIAmAlivetimeKey','InsertMembershipVersionKey','InsertMembershipKey','UpdateMembershipKey'," +
            "'MembershipReadRowKey','MembershipReadAllKey','DeleteMembershipTableEntriesKey','GatewaysQueryKey'," +
            "'CleanupDefunctSiloEntriesKey','CleanupDefunctSiloEntryKey')");

        Assert.Equal(10L, count);
    }

    private static CancellationToken None => CancellationToken.None;

    /// <summary>Inserts <paramref name="entry"/> at the table's current version, as a joining silo does.</summary>
    private static async Task<bool> AddAsync(AdoNetClusteringTable table, MembershipEntry entry) =>
        await table.InsertRowAsync(entry, (await table.ReadAllAsync(None)).Version.Next(), None);

    private static AdoNetClusteringTable Table(string connectionString, string clusterId) =>
        new(EmptyServices(), Options.Create(new ClusterOptions { ClusterId = clusterId, ServiceId = "s" }),
            Options.Create(new AdoNetClusteringSiloOptions { Invariant = "Npgsql", ConnectionString = connectionString }),
            NullLogger<AdoNetClusteringTable>.Instance);

    private static async Task<AdoNetClusteringTable> InitializedTableAsync(string connectionString, string clusterId)
    {
        var table = Table(connectionString, clusterId);
        await table.InitializeMembershipTableAsync(tryInitTableVersion: true, None);
        return table;
    }

    private static ServiceProvider EmptyServices() => new ServiceCollection().BuildServiceProvider();

    private static MembershipEntry Entry(int port, SiloStatus status, int proxyPort = 30000, DateTime? iAmAlive = null) => new()
    {
        SiloAddress = SiloAddress.New(IPAddress.Loopback, port, 42),
        SiloName = "silo-" + port,
        HostName = "host-a",
        Status = status,
        ProxyPort = proxyPort,
        StartTime = Start,
        IAmAliveTime = iAmAlive ?? Start.AddMinutes(1),
    };

    /// <summary>PostgreSQL keeps microseconds; whole seconds compare exactly after a round trip.</summary>
    private static DateTime Truncate(DateTime time) =>
        new(time.Ticks - time.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);

    private static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
