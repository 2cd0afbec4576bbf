using Microsoft.Extensions.Configuration;
using StreamGuard.Core;
using StreamGuard.Runtime.Hosting;
using StreamGuard.Privacy;

namespace StreamGuard.Processor.Tests.Privacy;

public sealed class KeyFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sg-keys-").FullName;

    private string DataDir => Path.Combine(_dir, "data");

    [Fact]
    public void Resolve_NoKeyConfigured_CreatesOwnerOnlyKeysOutsideTheDataFolder()
    {
        PseudonymKey pseudonym = PseudonymKey.Resolve(null, DataDir);
        SealingKey sealing = SealingKey.Resolve(null, KeyFile.Directory(DataDir, null));

        string keys = Path.Combine(_dir, "data.keys");
        Assert.Equal(Path.Combine(keys, PseudonymKey.FileName), pseudonym.Origin);
        Assert.Equal(Path.Combine(keys, SealingKey.FileName), sealing.Origin);
        Assert.NotEqual(pseudonym.Id, sealing.Id);
        Assert.False(Directory.Exists(DataDir) && Directory.EnumerateFiles(DataDir, "*.key").Any());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(pseudonym.Origin));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(keys));
        }

        // Stable across starts.
        Assert.Equal(pseudonym.Id, PseudonymKey.Resolve(null, DataDir).Id);
    }

    [Theory]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead)]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead)]
    public void Resolve_KeyFileReadableByGroupOrOthers_RefusedNamingTheFileAndTheChmod(UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string path = PseudonymKey.Resolve(null, DataDir).Origin;
        File.SetUnixFileMode(path, mode);

        UserErrorException error = Assert.Throws<UserErrorException>(() => PseudonymKey.Resolve(null, DataDir));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains($"chmod 600 '{path}'", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.ExitCode);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Directory_InsideTheDataFolder_Refused()
    {
        UserErrorException error = Assert.Throws<UserErrorException>(() => KeyFile.Directory(DataDir, Path.Combine(DataDir, "keys")));

        Assert.Contains("KeyDirectory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_LegacyKeyInsideTheDataFolder_MovedOutAndStillTheSameKey()
    {
        Directory.CreateDirectory(DataDir);
        string legacy = Path.Combine(DataDir, PseudonymKey.FileName);
        File.WriteAllText(legacy, Convert.ToBase64String(Enumerable.Repeat((byte)3, 32).ToArray()));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(legacy, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        PseudonymKey key = PseudonymKey.Resolve(null, DataDir);

        Assert.False(File.Exists(legacy));
        Assert.Equal(PseudonymKey.FromBase64(Convert.ToBase64String(Enumerable.Repeat((byte)3, 32).ToArray()), "x").Id, key.Id);
    }

    [Theory]
    [InlineData("StreamGuard:Privacy:PseudonymKey")]
    [InlineData("StreamGuard:Privacy:SealingKey")]
    public void Load_KeyInASettingsFile_RefusedNamingTheFile(string setting)
    {
        string json = Path.Combine(_dir, "appsettings.json");
        string[] parts = setting.Split(':');
        string key = Convert.ToBase64String(new byte[32]);
        File.WriteAllText(json, "{\"" + parts[0] + "\":{\"" + parts[1] + "\":{\"" + parts[2] + "\":\"" + key + "\"}}}");
        IConfiguration configuration = new ConfigurationBuilder().AddJsonFile(json).Build();

        UserErrorException error = Assert.Throws<UserErrorException>(() => ProcessorConfiguration.Load(configuration));

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
        Assert.Contains("appsettings.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_KeysFromTheEnvironmentLayer_Accepted()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(
        [
            new(ProcessorConfiguration.PseudonymKeyVariable, Convert.ToBase64String(new byte[32])),
            new(ProcessorConfiguration.SealingKeyVariable, Convert.ToBase64String(Enumerable.Repeat((byte)1, 32).ToArray())),
        ]).Build();

        StreamGuardOptions options = ProcessorConfiguration.Load(configuration);

        Assert.NotNull(options.Privacy.PseudonymKey);
        Assert.NotEqual(options.Privacy.PseudonymKey, options.Privacy.SealingKey);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
