namespace StreamGuard.Aws.Tests.Emulators;

/// <summary>One emulator process shared by every integration test class.</summary>
[CollectionDefinition(Name)]
public sealed class EmulatorCollection : ICollectionFixture<EmulatorFixture>
{
    public const string Name = "emulators";
}
