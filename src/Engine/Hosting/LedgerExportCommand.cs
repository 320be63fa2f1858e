using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Engine.Hosting;

/// <summary>
/// The operator's <c>export reconciliation|clearing</c> command (<see cref="LedgerExportRequest"/>): reads the ledger
/// from <c>ConnectionStrings:Engine</c> (environment <c>ConnectionStrings__Engine</c> or
/// <c>--ConnectionStrings:Engine=…</c>) and writes CSV to standard output or <c>--out</c>. It needs no running silo.
/// </summary>
public static class LedgerExportCommand
{
    /// <summary>Exit code of a bad command line (as every silo command).</summary>
    public const int UsageExitCode = 64;

    /// <summary>Exit code when the database could not be read.</summary>
    public const int DatabaseExitCode = 1;

    /// <summary>Runs the command; <paramref name="output"/> gets the CSV unless <c>--out</c> names a file.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter errors,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        if (!LedgerExportRequest.TryParse(args, out var request, out var error))
        {
            await errors.WriteLineAsync(error + Environment.NewLine + "Usage:" + Environment.NewLine + LedgerExportRequest.Usage);
            return UsageExitCode;
        }
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables()
            .AddCommandLine([.. request.ConfigurationArgs]).Build();
        var connectionString = configuration.GetConnectionString(EngineOptions.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            await errors.WriteLineAsync("export needs ConnectionStrings:Engine (environment ConnectionStrings__Engine, " +
                "or --ConnectionStrings:Engine=\"Host=...;Database=...;Username=...;Password=...\").");
            return UsageExitCode;
        }
        try
        {
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            if (request.OutPath is null)
            {
                await LedgerExport.WriteAsync(request, dataSource, output, cancellationToken);
                await output.FlushAsync(cancellationToken);
                return 0;
            }
            // Written next to the target and moved into place, so a reader never sees half a file.
            var temporary = request.OutPath + ".partial";
            int lines;
            try
            {
                await using (var file = new StreamWriter(temporary, append: false, new UTF8Encoding(false)))
                {
                    lines = await LedgerExport.WriteAsync(request, dataSource, file, cancellationToken);
                }
                File.Move(temporary, request.OutPath, overwrite: true);
            }
            finally
            {
                File.Delete(temporary); // Gone already after the move; a failed export leaves nothing behind.
            }
            await errors.WriteLineAsync($"Wrote {lines} line(s) and a header to {request.OutPath}.");
            return 0;
        }
        catch (Exception exception) when (exception is NpgsqlException or SocketException)
        {
            await errors.WriteLineAsync($"export: cannot read the ledger from PostgreSQL: {exception.Message}");
            return DatabaseExitCode;
        }
    }
}
