namespace StreamGuard.Aws.Keys.Wire;

/// <summary>KMS Decrypt response: the plaintext (base64 on the wire) and the ARN of the key that decrypted it.</summary>
internal sealed record DecryptResponse(string? KeyId, byte[]? Plaintext, string? EncryptionAlgorithm);
