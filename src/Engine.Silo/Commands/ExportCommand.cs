using Engine.Hosting;

namespace Engine.Silo.Commands;

/// <summary>
/// <c>export reconciliation --institution H… --date yyyy-MM-dd [--rows] [--out file.csv]</c> and
/// <c>export clearing --month yyyy-MM [--out file.csv]</c>: CSV from the ledger in PostgreSQL
/// (<see cref="LedgerExportCommand"/>).
/// </summary>
public static class ExportCommand
{
    /// <summary>Runs the export the words after <c>export</c> name.</summary>
    public static Task<int> RunAsync(string[] args) => LedgerExportCommand.RunAsync(args, Console.Out, Console.Error);
}
