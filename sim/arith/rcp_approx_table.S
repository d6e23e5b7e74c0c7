/* MUFU.RCP's difference from the correctly rounded reciprocal (sim/arith/triton_div.hpp), embedded as data. */
    .section .rodata
    .balign 16
    .global scmp_rcp_approx_table_begin
scmp_rcp_approx_table_begin:
    .incbin SCMP_RCP_TABLE_FILE
    .global scmp_rcp_approx_table_end
scmp_rcp_approx_table_end:
    .byte 0
    .section .note.GNU-stack,"",@progbits
