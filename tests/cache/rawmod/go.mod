module example.com/rawmod

go 1.27
