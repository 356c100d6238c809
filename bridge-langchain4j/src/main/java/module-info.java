/** Switchboard's bridge from LangChain4j streaming calls to a run's events. */
module io.switchboard.bridge.langchain4j {
    requires transitive io.switchboard.core;
    requires transitive langchain4j;
    requires transitive langchain4j.core;
    requires org.slf4j;

    exports io.switchboard.bridge.langchain4j;
}
