using System.Text;
using Cairn.Engine.Repository;

namespace Cairn.Engine.Tests.Repository;

/// <summary>
/// The manifest's JSON is an on-target format: this document was written by an earlier Cairn, and the
/// current serializer must read it and write it back byte for byte.
/// </summary>
public class SetManifestJsonTests
{
    private const string Written = """
        {
          "version": 1,
          "set": "inc-20261126T052700Z",
          "ancestors": [
            "full-20261126T052630Z"
          ],
          "startTime": "2026-11-26T05:27:00.9484526+00:00",
          "endTime": "2026-11-26T05:27:03.4873861+00:00",
          "host": "vm",
          "source": "/work/main/bench/out/src",
          "volumes": [
            {
              "name": "vol-000001.cairn",
              "size": 157942,
              "sha256": "427d7f514f8dbb914a2dc1e1e4fa178eb8a3a7ff8b5be1d07a1752e03effd7ae"
            }
          ],
          "signatures": {
            "name": "signatures.cairn",
            "size": 239710,
            "sha256": "9a6d491186e406497ccfb89a8534de3305c8b0de75c15900cab6353b0c023036"
          },
          "catalogue": {
            "name": "catalogue.cairn",
            "size": 441087,
            "sha256": "e810cb2b611547bcf17ce96f171606ecfb71714e48a232695caf71f399532047"
          },
          "summary": {
            "newFiles": 50,
            "changedFiles": 98,
            "deletedFiles": 20,
            "unchangedFiles": 8179,
            "otherEntries": 869,
            "skippedFiles": 0,
            "sourceBytes": 476644134,
            "bytesRead": 203068756,
            "bytesStored": 838739,
            "duration": "00:00:02.5393841"
          }
        }
        """;

    [Fact]
    public void A_manifest_written_by_an_earlier_cairn_reads_and_writes_back_identically()
    {
        var manifest = SetManifest.FromJson(Encoding.UTF8.GetBytes(Written));

        Assert.Equal("inc-20261126T052700Z", manifest.Set);
        Assert.Equal(["full-20261126T052630Z"], manifest.Ancestors);
        Assert.Equal(157942, Assert.Single(manifest.Volumes).Size);
        Assert.Equal(8179, manifest.Summary.UnchangedFiles);
        Assert.Equal(Written.ReplaceLineEndings("\n"), Encoding.UTF8.GetString(manifest.ToJson()));
    }

    [Fact]
    public void Unknown_members_are_skipped_and_a_future_version_is_refused()
    {
        var withExtra = Written.Replace("\"version\": 1,", "\"version\": 1,\n  \"addedLater\": [1, 2],", StringComparison.Ordinal);
        Assert.Equal("inc-20261126T052700Z", SetManifest.FromJson(Encoding.UTF8.GetBytes(withExtra)).Set);

        var future = Written.Replace("\"version\": 1,", "\"version\": 2,", StringComparison.Ordinal);
        var ex = Assert.Throws<InvalidDataException>(() => SetManifest.FromJson(Encoding.UTF8.GetBytes(future)));
        Assert.Contains("version 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_serializer_is_prepared_with_a_sample_manifest_that_reads_back()
    {
        // The command line runs this as it starts, unobserved: a sample that stopped being a valid manifest
        // (a new required field, a new version) would only show up here.
        var sample = SetManifest.PrepareSerializer();

        Assert.Equal(SetManifest.CurrentVersion, sample.Version);
        Assert.Equal("vol-000001.cairn", Assert.Single(sample.Volumes).Name);
    }
}
