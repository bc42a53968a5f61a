package dev.floe.catalog;

import java.io.IOException;
import java.util.Optional;
import java.util.OptionalInt;

/** A metadata store that passes every call on; test stores change what they need. */
abstract class ForwardingMetadataStore implements MetadataStore {
  final MetadataStore delegate;

  ForwardingMetadataStore(MetadataStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public String versionLocation(int version) {
    return delegate.versionLocation(version);
  }

  @Override
  public OptionalInt readPointer() throws IOException {
    return delegate.readPointer();
  }

  @Override
  public boolean exists(int version) throws IOException {
    return delegate.exists(version);
  }

  @Override
  public Optional<byte[]> read(int version) throws IOException {
    return delegate.read(version);
  }

  @Override
  public boolean createVersion(int version, byte[] content) throws IOException {
    return delegate.createVersion(version, content);
  }

  @Override
  public void writePointer(int version) throws IOException {
    delegate.writePointer(version);
  }

  @Override
  public Optional<String> checkConditionalCreate() throws IOException {
    return delegate.checkConditionalCreate();
  }
}
