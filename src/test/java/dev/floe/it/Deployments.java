package dev.floe.it;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WAR the build produced, deployed as-is: integration tests test what ships. */
public final class Deployments {
  private Deployments() {}

  public static WebArchive floe() {
    File war = new File(System.getProperty("floe.it.war", "target/floe.war"));
    return ShrinkWrap.createFromZipFile(WebArchive.class, war);
  }
}
