package io.github.cutterrevert.cli;

/**
 * The exit codes of every command, one per kind of outcome, matching the library's outcomes: a
 * result for every decision it made, a typed exception when it could not decide or finish.
 *
 * <table>
 *   <caption>Exit codes</caption>
 *   <tr><th>code</th><th>name</th><th>when</th></tr>
 *   <tr><td>0</td><td>{@link #OK}</td><td>done: compensated, nothing to do, or the command's report</td></tr>
 *   <tr><td>1</td><td>{@link #FAILED}</td><td>a failure: rolled back; after {@code execute} the system is on HOLD</td></tr>
 *   <tr><td>2</td><td>{@link #INVALID_INPUT}</td><td>bad arguments or configuration; nothing was written</td></tr>
 *   <tr><td>3</td><td>{@link #REFUSED}</td><td>the library refused to decide: a human must; HOLD placed</td></tr>
 *   <tr><td>4</td><td>{@link #ON_HOLD}</td><td>refused because the system is on HOLD; nothing was written</td></tr>
 *   <tr><td>5</td><td>{@link #NOT_APPROVED}</td><td>no valid approval for this plan's fingerprint; nothing was written</td></tr>
 *   <tr><td>6</td><td>{@link #LOCK_BUSY}</td><td>another session is compensating the same subject; nothing was written</td></tr>
 *   <tr><td>7</td><td>{@link #CHAIN_BROKEN}</td><td>{@code verify-chain} found a bad entry</td></tr>
 * </table>
 */
public enum ExitCode {
    /** Done: the command did what was asked (compensated, nothing to do, or reported). */
    OK(0),
    /** A failure: the library rolled back; a failed {@code execute} leaves the system on HOLD. */
    FAILED(1),
    /** Bad arguments or configuration (also usage errors); nothing was read or written. */
    INVALID_INPUT(2),
    /** The library refused to decide (the plan escalates): a human must; the system is on HOLD. */
    REFUSED(3),
    /** The system is on HOLD: release it first ({@code release}); nothing was written. */
    ON_HOLD(4),
    /** The plan lacks an approval of its fingerprint, or it changed since; nothing was written. */
    NOT_APPROVED(5),
    /** Another session holds the compensation lock of the same subject; try again later. */
    LOCK_BUSY(6),
    /** The signed decision chain has a bad entry ({@code verify-chain}). */
    CHAIN_BROKEN(7);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    /**
     * The process exit status.
     *
     * @return 0 to 7
     */
    public int code() {
        return code;
    }
}
