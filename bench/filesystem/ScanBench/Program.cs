using System.Diagnostics;
using Cairn.Engine.FileSystem;

// Scans a tree once with Cairn's TreeScanner (full metadata: statx, xattrs/ACLs, owner names, symlink
// targets, sparse maps) and prints one line: entries, wall ms, CPU ms, bytes allocated, peak working set.
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: ScanBench DIRECTORY");
    return 2;
}

var process = Process.GetCurrentProcess();
var cpu = process.TotalProcessorTime;
long allocated = GC.GetTotalAllocatedBytes();
var clock = Stopwatch.StartNew();
var scanner = new TreeScanner(args[0]);
long entries = 0;
foreach (var entry in scanner.Scan())
{
    entries++;
}

clock.Stop();
process.Refresh();
Console.WriteLine($"{entries} entries, {clock.Elapsed.TotalMilliseconds:F0} ms wall, {(process.TotalProcessorTime - cpu).TotalMilliseconds:F0} ms CPU, " +
                  $"{(GC.GetTotalAllocatedBytes() - allocated) / 1024} KiB allocated, peak working set {process.PeakWorkingSet64 / (1024 * 1024)} MiB, {scanner.Warnings.Count} warnings");
return 0;
