namespace StreamGuard.Core.Model;

/// <summary>Whether an event adds a transaction or corrects one seen before.</summary>
public enum ChangeKind
{
    Added = 0,
    Modified,
    Removed,
}
