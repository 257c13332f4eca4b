# wtbench plot of section qd: gnuplot qd.gp makes qd.svg
set terminal svg size 960,600 dynamic font 'sans,11' background '#ffffff'
set termoption noenhanced
set output 'qd.svg'
set title "throughput by queue depth (1 thread, sequential overwrite)\nkernel 7.2.13+ series b46bd03, median of 3 repetitions, bars: min-max"
set grid
set key outside right
set logscale x 2
set logscale y
set xlabel 'queue depth'
set ylabel 'MiB/s (log scale)'
plot 'qd.dat' index 0 using 1:2:3:4 with yerrorlines title 'sync wt 4k', \
     'qd.dat' index 1 using 1:2:3:4 with yerrorlines title 'sync wtdsync 4k', \
     'qd.dat' index 2 using 1:2:3:4 with yerrorlines title 'sync buffered 4k', \
     'qd.dat' index 3 using 1:2:3:4 with yerrorlines title 'sync fdatasync 4k', \
     'qd.dat' index 4 using 1:2:3:4 with yerrorlines title 'sync dsync 4k', \
     'qd.dat' index 5 using 1:2:3:4 with yerrorlines title 'sync direct 4k', \
     'qd.dat' index 6 using 1:2:3:4 with yerrorlines title 'sync directdsync 4k', \
     'qd.dat' index 7 using 1:2:3:4 with yerrorlines title 'sync dontcache 4k', \
     'qd.dat' index 8 using 1:2:3:4 with yerrorlines title 'aio wt 4k', \
     'qd.dat' index 9 using 1:2:3:4 with yerrorlines title 'aio wtdsync 4k', \
     'qd.dat' index 10 using 1:2:3:4 with yerrorlines title 'aio buffered 4k', \
     'qd.dat' index 11 using 1:2:3:4 with yerrorlines title 'aio fdatasync 4k', \
     'qd.dat' index 12 using 1:2:3:4 with yerrorlines title 'aio dsync 4k', \
     'qd.dat' index 13 using 1:2:3:4 with yerrorlines title 'aio direct 4k', \
     'qd.dat' index 14 using 1:2:3:4 with yerrorlines title 'aio directdsync 4k', \
     'qd.dat' index 15 using 1:2:3:4 with yerrorlines title 'aio dontcache 4k', \
     'qd.dat' index 16 using 1:2:3:4 with yerrorlines title 'io_uring wt 4k', \
     'qd.dat' index 17 using 1:2:3:4 with yerrorlines title 'io_uring wtdsync 4k', \
     'qd.dat' index 18 using 1:2:3:4 with yerrorlines title 'io_uring buffered 4k', \
     'qd.dat' index 19 using 1:2:3:4 with yerrorlines title 'io_uring fdatasync 4k', \
     'qd.dat' index 20 using 1:2:3:4 with yerrorlines title 'io_uring dsync 4k', \
     'qd.dat' index 21 using 1:2:3:4 with yerrorlines title 'io_uring direct 4k', \
     'qd.dat' index 22 using 1:2:3:4 with yerrorlines title 'io_uring directdsync 4k', \
     'qd.dat' index 23 using 1:2:3:4 with yerrorlines title 'io_uring dontcache 4k'
