using System.Text.RegularExpressions;

namespace Cairn.Hosting.Profiles;

/// <summary>The commented profile <c>cairn profile init NAME</c> writes: valid as it stands, meant to be edited.</summary>
public static partial class StarterProfile
{
    /// <summary>True when <paramref name="name"/> can name a profile (and its file): letters, digits, '.', '_', '-'.</summary>
    public static bool IsValidName(string name) => name is not null && ValidName().IsMatch(name);

    /// <summary>The starter profile's text for <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">The name is not valid (see <see cref="IsValidName"/>).</exception>
    public static string Render(string name)
    {
        if (!IsValidName(name))
        {
            throw new ArgumentException($"A profile name uses letters, digits, '.', '_' and '-' (up to 64, starting with a letter or digit), not '{name}'.", nameof(name));
        }

        return $$"""
            # Cairn profile '{{name}}', written by 'cairn profile init'. Every key is described in docs/profiles.md.
            # Check it with 'cairn profile validate {{name}}'; see the effective values with 'cairn profile show {{name}}'.
            name: {{name}}

            # What to back up: a folder or a list of them. Relative paths start at this file's folder; ~ is your home.
            source: ~/Documents

            # Selection, duplicity-style: the first matching rule wins.
            # include: ["**/Projects/**"]
            exclude: ["**/.cache", "**/node_modules", "**/*.tmp"]
            # A folder that holds a file of this name is skipped, with everything under it.
            exclude-if-present: .nobackup

            # Where backups go: a disk or server other than the source. Other targets:
            #   sftp://user@host/backups   s3://bucket/prefix   webdavs://host/path   rclone:REMOTE:path
            # Backend secrets are never written here: use options NAME-env: VAR or NAME-file: PATH,
            # for example options: { password-env: SFTP_PASSWORD }.
            target:
              url: file:///var/backups/cairn/{{name}}

            compression: { provider: zstd, level: 3 }

            # Encryption is on unless 'provider: none' is written. Any one recipient can restore.
            encryption:
              provider: aes-256-gcm
              recipients:
                # The passphrase comes from $CAIRN_PASSPHRASE, or is asked for on a terminal. Never write it here.
                - { type: passphrase, env: CAIRN_PASSPHRASE }
                # A key pair from 'cairn keygen': backups need only the public key.
                # - { type: x25519, public-key: "cairn1...", identity-file: ~/.config/cairn/keys/{{name}}.key }

            # A backup is split into volumes of this size.
            volume-size: 64MiB

            # Start a new full backup when the last one is 30 days old; 'prune' keeps the 4 newest full chains.
            policy: { full-if-older-than: 30D, keep-full: 4 }

            # Shell commands run around each backup, in this file's folder: 'before' (its failure stops the backup) and
            # 'after' (always; $CAIRN_EXIT_CODE holds the outcome). See docs/profiles.md, Hooks.
            # hooks: { before: "pg_dump -Fc app > ~/dumps/app.dump", after: "curl -fsS https://hc-ping.com/UUID/$CAIRN_EXIT_CODE" }

            """;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex ValidName();
}
