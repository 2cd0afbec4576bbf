namespace StreamGuard.Aws.Keys.Wire;

/// <summary>KMS Decrypt request (TrentService.Decrypt): the ciphertext blob, base64 on the wire; KeyId optional for symmetric keys.</summary>
internal sealed record DecryptRequest(byte[] CiphertextBlob, string? KeyId);
