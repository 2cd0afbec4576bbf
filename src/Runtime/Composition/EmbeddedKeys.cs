using StreamGuard.Runtime.Hosting;
using StreamGuard.Privacy;
using StreamGuard.Runtime.Sinks.Sqlite;

namespace StreamGuard.Runtime.Composition;

/// <summary>
/// Embedded mode's keys: the pseudonym key and the dead-letter sealing key from the environment or
/// the key folder beside the data folder (created there on first use), and the pseudonym key ring
/// stamped into the database so a folder is never read with another key.
/// </summary>
public sealed class EmbeddedKeys
{
    public EmbeddedKeys(StreamGuardOptions options, SqliteStore store)
    {
        string dataDir = Path.GetFullPath(options.DataDir);
        Key = PseudonymKey.Resolve(options.Privacy.PseudonymKey, dataDir, options.Privacy.KeyDirectory);
        Sealing = SealingKey.Resolve(options.Privacy.SealingKey, KeyFile.Directory(dataDir, options.Privacy.KeyDirectory));
        Ring = PseudonymKeyRing.Resolve(Key, options.Privacy);
        PseudonymKeyStamp.CheckAndStamp(store, Ring);
    }

    public PseudonymKey Key { get; }

    public SealingKey Sealing { get; }

    public PseudonymKeyRing Ring { get; }
}
