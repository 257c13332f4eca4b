# wtbench plot of section threads: gnuplot threads.gp makes threads.svg
set terminal svg size 960,600 dynamic font 'sans,11' background '#ffffff'
set termoption noenhanced
set output 'threads.svg'
set title "throughput by threads (sync, sequential overwrite)\nkernel 7.2.13+ series b46bd03, median of 3 repetitions, bars: min-max"
set grid
set key outside right
set logscale x 2
set logscale y
set xlabel 'threads'
set ylabel 'MiB/s (log scale)'
plot 'threads.dat' index 0 using 1:2:3:4 with yerrorlines title 'wt, one file 4k', \
     'threads.dat' index 1 using 1:2:3:4 with yerrorlines title 'wtdsync, one file 4k', \
     'threads.dat' index 2 using 1:2:3:4 with yerrorlines title 'buffered, one file 4k', \
     'threads.dat' index 3 using 1:2:3:4 with yerrorlines title 'fdatasync, one file 4k', \
     'threads.dat' index 4 using 1:2:3:4 with yerrorlines title 'dsync, one file 4k', \
     'threads.dat' index 5 using 1:2:3:4 with yerrorlines title 'direct, one file 4k', \
     'threads.dat' index 6 using 1:2:3:4 with yerrorlines title 'directdsync, one file 4k', \
     'threads.dat' index 7 using 1:2:3:4 with yerrorlines title 'dontcache, one file 4k', \
     'threads.dat' index 8 using 1:2:3:4 with yerrorlines title 'wt, a file each 4k', \
     'threads.dat' index 9 using 1:2:3:4 with yerrorlines title 'wtdsync, a file each 4k', \
     'threads.dat' index 10 using 1:2:3:4 with yerrorlines title 'buffered, a file each 4k', \
     'threads.dat' index 11 using 1:2:3:4 with yerrorlines title 'fdatasync, a file each 4k', \
     'threads.dat' index 12 using 1:2:3:4 with yerrorlines title 'dsync, a file each 4k', \
     'threads.dat' index 13 using 1:2:3:4 with yerrorlines title 'direct, a file each 4k', \
     'threads.dat' index 14 using 1:2:3:4 with yerrorlines title 'directdsync, a file each 4k', \
     'threads.dat' index 15 using 1:2:3:4 with yerrorlines title 'dontcache, a file each 4k'
